package dev.agentoutbox.api.handoff;

import dev.agentoutbox.queue.RedisAuditQueue;
import dev.agentoutbox.queue.RedisServerCheck;
import dev.agentoutbox.queue.RedisSettings;
import dev.agentoutbox.spool.FileSpool;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;

/** Builds the production {@link HandOff}. */
public final class HandOffs {
  private static final Logger LOG = LoggerFactory.getLogger(HandOffs.class);

  private HandOffs() {}

  /**
   * The real hand-off (Redis queue + durable spool) configured from environment variables.
   *
   * @throws IllegalArgumentException naming the bad variable when the configuration is invalid
   */
  public static HandOff fromEnv(Map<String, String> env) {
    RedisSettings redis = RedisSettings.fromEnv(env);
    Path spoolDir = Path.of(env.getOrDefault("SPOOL_DIR", "data/spool"));
    long maxBytes = longEnv(env, "SPOOL_MAX_BYTES", FileSpool.DEFAULT_MAX_BYTES);
    List<String> problems = List.of();
    try (Jedis jedis = redis.newJedis()) {
      problems = RedisServerCheck.problems(jedis);
      problems.forEach(p -> LOG.warn("Redis is not configured for durability: {}", p));
    } catch (RuntimeException e) {
      LOG.warn(
          "Redis {} unreachable at start ({}); audit records are spooled until it answers",
          redis.redactedUrl(),
          e.getMessage());
    }
    RedisAuditQueue queue = new RedisAuditQueue(redis);
    queue.warmUp(8);
    try {
      return new OutboxHandOff(
          queue,
          new FileSpool(spoolDir, maxBytes),
          Clock.systemUTC(),
          OutboxHandOff.DEFAULT_RELAY_PERIOD,
          problems);
    } catch (IOException e) {
      throw new IllegalArgumentException("SPOOL_DIR: cannot open spool at " + spoolDir + ": " + e);
    }
  }

  private static long longEnv(Map<String, String> env, String name, long dflt) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": must be an integer, was '" + v + "'");
    }
  }
}
