package dev.agentoutbox.queue;

import dev.agentoutbox.testkit.RedisServer;
import java.time.Duration;
import redis.clients.jedis.JedisPool;

/** One real redis-server per test class. */
final class RedisTestSupport {
  private RedisTestSupport() {}

  static RedisSettings settings(RedisServer server) {
    return RedisSettings.builder()
        .url(server.url())
        .namespace("t" + Long.toHexString(System.nanoTime()))
        .build();
  }

  static JedisPool pool(RedisSettings settings) {
    return settings.newPool(16, Duration.ofSeconds(5));
  }
}
