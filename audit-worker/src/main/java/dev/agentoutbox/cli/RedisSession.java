package dev.agentoutbox.cli;

import dev.agentoutbox.queue.QueueKeys;
import dev.agentoutbox.queue.RedisSettings;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;

/** A small connection pool to the queue's Redis, checked with PING when opened. */
final class RedisSession implements AutoCloseable {
  static final int POOL_SIZE = 4;

  private final RedisSettings settings;
  private final JedisPool pool;

  private RedisSession(RedisSettings settings, JedisPool pool) {
    this.settings = settings;
    this.pool = pool;
  }

  static RedisSession open(RedisSettings settings) {
    JedisPool pool = settings.newPool(POOL_SIZE, settings.socketTimeout());
    RedisSession session = new RedisSession(settings, pool);
    try {
      session.with(Jedis::ping);
      return session;
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  RedisSettings settings() {
    return settings;
  }

  QueueKeys keys() {
    return settings.keys();
  }

  JedisPool pool() {
    return pool;
  }

  <T> T with(Function<Jedis, T> work) {
    try (Jedis jedis = pool.getResource()) {
      return work.apply(jedis);
    }
  }

  /**
   * The Redis server clock: every score the queue writes (ledger, retries, dead letters) comes from
   * it, so ages are measured against it too.
   */
  Instant now() {
    return with(RedisSession::now);
  }

  static Instant now(Jedis jedis) {
    List<String> t = jedis.time();
    return Instant.ofEpochSecond(Long.parseLong(t.get(0)), Long.parseLong(t.get(1)) * 1_000L);
  }

  @Override
  public void close() {
    pool.close();
  }
}
