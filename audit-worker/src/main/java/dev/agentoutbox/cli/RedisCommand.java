package dev.agentoutbox.cli;

import dev.agentoutbox.queue.RedisSettings;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Mixin;

/** An operator command that reads or changes the queue in Redis. */
abstract class RedisCommand extends OperatorCommand {
  @Mixin RedisOptions redisOptions;

  /** Connects (and PINGs) Redis; exit code 4 with the redacted URL when it cannot. */
  protected RedisSession openRedis() {
    RedisSettings settings = redisOptions.settings(env());
    target(ExitCodes.REDIS_UNAVAILABLE, "Redis " + settings.redactedUrl());
    return RedisSession.open(settings);
  }

  /** The process environment, for the same configuration as {@code run}. */
  protected Map<String, String> env() {
    return new HashMap<>(System.getenv());
  }
}
