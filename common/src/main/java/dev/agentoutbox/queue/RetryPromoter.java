package dev.agentoutbox.queue;

import java.util.List;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;

/**
 * Moves due retries from the retry schedule to the ready queue. Due times are compared with Redis
 * {@code TIME} inside the script, never with a worker's clock, so skewed workers cannot run a job
 * early or strand it.
 */
public final class RetryPromoter {
  /** Jobs moved per script call; the promoter loops while calls come back full. */
  public static final int BATCH = 500;

  private final JedisPool pool;
  private final QueueKeys keys;
  private final LuaScript promote = LuaScript.load("promote");

  public RetryPromoter(JedisPool pool, QueueKeys keys) {
    this.pool = pool;
    this.keys = keys;
  }

  /** Promotes every due retry; returns how many moved. */
  public long promoteDue() {
    long total = 0;
    try (Jedis jedis = pool.getResource()) {
      long n;
      do {
        n =
            promote.evalLong(
                jedis,
                List.of(keys.retrySchedule(), keys.retryJobs(), keys.queueList(), keys.queues()),
                List.of(keys.queue(), Integer.toString(BATCH)));
        total += n;
      } while (n == BATCH);
    }
    return total;
  }
}
