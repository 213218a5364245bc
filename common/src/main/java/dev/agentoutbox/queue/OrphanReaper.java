package dev.agentoutbox.queue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.ScanParams;
import redis.clients.jedis.ScanResult;

/**
 * Orphan recovery: jobs in the in-flight list of a worker whose process heartbeat expired go back
 * to the head of the ready queue, and the dead worker is unregistered. Safe to run from every
 * worker process at once: the move is one Lua script, so each job moves exactly once.
 */
public final class OrphanReaper {
  private static final Logger LOG = LoggerFactory.getLogger(OrphanReaper.class);

  /** Recovery events kept in Redis for {@code stats} and the chaos suite. */
  public static final int EVENTS_KEPT = 10_000;

  private final JedisPool pool;
  private final QueueKeys keys;
  private final LuaScript reap = LuaScript.load("reap");

  /** One job moved back to the queue. */
  public record Recovered(String worker, String auditId, String job) {}

  public OrphanReaper(JedisPool pool, QueueKeys keys) {
    this.pool = pool;
    this.keys = keys;
  }

  /**
   * Recovers the jobs of dead workers.
   *
   * @param scanInflightKeys also look at in-flight lists of workers missing from the workers set
   *     (costs a SCAN of the keyspace: do it every few runs, not every run)
   */
  public List<Recovered> reapDead(boolean scanInflightKeys) {
    try (Jedis jedis = pool.getResource()) {
      Set<String> candidates = new LinkedHashSet<>(jedis.smembers(keys.workers()));
      if (scanInflightKeys) {
        candidates.addAll(workersWithInflightLists(jedis));
      }
      return run(jedis, candidates, false);
    }
  }

  /**
   * Puts back the in-flight job of one worker unconditionally (its thread died or did not finish
   * within the shutdown grace period) and unregisters it.
   */
  public List<Recovered> release(String workerName) {
    try (Jedis jedis = pool.getResource()) {
      return run(jedis, List.of(workerName), true);
    }
  }

  private List<Recovered> run(Jedis jedis, java.util.Collection<String> workers, boolean force) {
    if (workers.isEmpty()) {
      return List.of();
    }
    List<String> args = new ArrayList<>();
    args.add(keys.namespace());
    args.add(keys.queue());
    args.add(force ? "1" : "0");
    args.add(Integer.toString(EVENTS_KEPT));
    args.addAll(workers);
    Object reply =
        reap.eval(jedis, List.of(keys.workers(), keys.queueList(), keys.recovered()), args);
    List<Recovered> moved = new ArrayList<>();
    if (reply instanceof List<?> flat) {
      for (int i = 0; i + 1 < flat.size(); i += 2) {
        String worker = (String) flat.get(i);
        String job = (String) flat.get(i + 1);
        String auditId = JobEnvelope.auditIdOf(job).orElse("unknown");
        moved.add(new Recovered(worker, auditId, job));
        LOG.warn(
            "audit {}: recovered from {} worker {}; back at the head of the queue, it runs again"
                + " on the next free worker",
            auditId,
            force ? "stopped" : "dead",
            worker);
      }
    }
    return moved;
  }

  private Set<String> workersWithInflightLists(Jedis jedis) {
    Set<String> names = new LinkedHashSet<>();
    ScanParams params = new ScanParams().match(keys.inflightPattern()).count(1000);
    String cursor = ScanParams.SCAN_POINTER_START;
    do {
      ScanResult<String> page = jedis.scan(cursor, params);
      for (String key : page.getResult()) {
        String worker = keys.workerOfInflightKey(key);
        if (worker != null) {
          names.add(worker);
        }
      }
      cursor = page.getCursor();
    } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
    return names;
  }
}
