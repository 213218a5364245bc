package dev.agentoutbox.queue;

import dev.agentoutbox.payload.AuditPayload;
import dev.agentoutbox.payload.PayloadCodec;
import java.time.Duration;
import java.util.List;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.exceptions.JedisException;

/**
 * {@link AuditQueue} on Redis: one atomic script pushes the Jesque job, registers the queue and
 * records the id in the ledger, in a single round trip.
 */
public final class RedisAuditQueue implements AuditQueue {
  /** Short socket timeout: the caller is on the user's path and falls back to its spool. */
  public static final Duration DEFAULT_HANDOFF_TIMEOUT = Duration.ofMillis(250);

  public static final int DEFAULT_POOL_SIZE = 32;

  private final QueueKeys keys;
  private final JedisPool pool;
  private final LuaScript enqueue = LuaScript.load("enqueue");

  public RedisAuditQueue(RedisSettings settings) {
    this(settings, DEFAULT_POOL_SIZE, DEFAULT_HANDOFF_TIMEOUT);
  }

  public RedisAuditQueue(RedisSettings settings, int poolSize, Duration timeout) {
    this.keys = settings.keys();
    this.pool = settings.newPool(poolSize, timeout);
  }

  @Override
  public void enqueue(AuditPayload payload) throws QueueUnavailableException {
    enqueueJson(payload.auditId().toString(), PayloadCodec.toJson(payload));
  }

  @Override
  public void enqueueJson(String auditId, String payloadJson) throws QueueUnavailableException {
    String job = JobEnvelope.toJobJson(payloadJson);
    try (Jedis jedis = pool.getResource()) {
      enqueue.eval(
          jedis,
          List.of(keys.queues(), keys.queueList(), keys.ledger()),
          List.of(keys.queue(), job, auditId));
    } catch (JedisException e) {
      throw new QueueUnavailableException("Redis did not accept audit " + auditId, e);
    }
  }

  /**
   * Opens up to {@code connections} pooled connections now, so the first requests do not pay for
   * connection set-up; returns how many could be opened (0 when Redis is down).
   */
  public int warmUp(int connections) {
    java.util.List<Jedis> held = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < connections; i++) {
        Jedis j = pool.getResource();
        held.add(j);
        j.ping();
      }
    } catch (JedisException e) {
      // Redis is down: the hand-off spools until it returns.
    } finally {
      held.forEach(Jedis::close);
    }
    return held.size();
  }

  /** Whether Redis answers a PING now. */
  @Override
  public boolean ping() {
    try (Jedis jedis = pool.getResource()) {
      return "PONG".equals(jedis.ping());
    } catch (JedisException e) {
      return false;
    }
  }

  public QueueKeys keys() {
    return keys;
  }

  @Override
  public void close() {
    pool.close();
  }
}
