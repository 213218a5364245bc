package dev.agentoutbox.cli;

import dev.agentoutbox.queue.QueueKeys;
import dev.agentoutbox.queue.RedisSettings;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where the queue lives; the same environment variables as {@code run}, flags override them. */
final class RedisOptions {
  @Option(
      names = "--redis-url",
      paramLabel = "URL",
      description = "Redis URL (env REDIS_URL, default " + RedisSettings.DEFAULT_URL + ").")
  String url;

  @Option(
      names = "--namespace",
      paramLabel = "NS",
      description =
          "Redis key prefix (env REDIS_NAMESPACE, default " + QueueKeys.DEFAULT_NAMESPACE + ").")
  String namespace;

  @Option(
      names = "--queue",
      paramLabel = "NAME",
      description = "Queue name (default " + QueueKeys.DEFAULT_QUEUE + ").")
  String queue;

  RedisSettings settings(Map<String, String> env) {
    RedisSettings.Builder b =
        RedisSettings.builder()
            .url(url != null ? url : env.getOrDefault("REDIS_URL", RedisSettings.DEFAULT_URL))
            .namespace(
                namespace != null
                    ? namespace
                    : env.getOrDefault("REDIS_NAMESPACE", QueueKeys.DEFAULT_NAMESPACE));
    if (queue != null) {
      b.queue(queue);
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw CliException.usage(
          e.getMessage()
              .replace("REDIS_URL", "--redis-url/REDIS_URL")
              .replace("REDIS_NAMESPACE", "--namespace/REDIS_NAMESPACE")
              .replace("queue:", "--queue:"));
    }
  }
}
