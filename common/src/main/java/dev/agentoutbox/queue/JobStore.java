package dev.agentoutbox.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

/**
 * The per-job state transitions of the reliability layer, each one atomic in Redis: success, retry
 * later, dead letter; and the per-audit state (attempts, sink progress).
 *
 * <p>Every transition removes the job from the worker's in-flight list in the same script. When it
 * is no longer there (orphan recovery handed it to another worker) a retry or dead letter is not
 * recorded, so a job is never scheduled twice.
 */
public final class JobStore {
  /** How long per-audit state outlives its last write (a safety net for abandoned state). */
  public static final Duration STATE_TTL = Duration.ofDays(30);

  /** Lag samples kept for {@code stats}. */
  public static final int LAG_SAMPLES = 1_000;

  private final QueueKeys keys;
  private final LuaScript ack = LuaScript.load("ack");
  private final LuaScript retry = LuaScript.load("retry");
  private final LuaScript dead = LuaScript.load("dead");

  public JobStore(QueueKeys keys) {
    this.keys = keys;
  }

  public QueueKeys keys() {
    return keys;
  }

  /** Attempts and sink progress of one audit id (empty for a first attempt). */
  public Map<String, String> loadState(Jedis jedis, String auditId) {
    return jedis.hgetAll(keys.state(auditId));
  }

  /**
   * Starts a job in one round trip: publishes the worker's status (Jesque's {@code
   * <ns>:worker:<name>}, read by {@code audit-worker workers}) and loads the audit's state.
   */
  public Map<String, String> begin(
      Jedis jedis, String workerName, String statusJson, String auditId) {
    Pipeline p = jedis.pipelined();
    p.set(keys.worker(workerName), statusJson);
    Response<Map<String, String>> state = p.hgetAll(keys.state(auditId));
    p.sync();
    return state.get();
  }

  /** Stores one state field durably (AOF) before returning, in one round trip. */
  public void putState(Jedis jedis, String auditId, String field, String value) {
    String key = keys.state(auditId);
    Pipeline p = jedis.pipelined();
    p.hset(key, field, value);
    p.expire(key, (int) STATE_TTL.toSeconds());
    p.sync();
  }

  /**
   * Marks the job done.
   *
   * @return false when the job was no longer in this worker's in-flight list
   */
  public boolean ack(Jedis jedis, String workerName, String rawJob, String auditId) {
    long removed =
        ack.evalLong(
            jedis,
            List.of(
                keys.inflight(workerName),
                keys.state(auditId),
                keys.processed(),
                keys.ledger(),
                keys.lag(),
                keys.done(),
                keys.worker(workerName)),
            List.of(rawJob, auditId, Integer.toString(LAG_SAMPLES)));
    return removed > 0;
  }

  /**
   * Schedules the job again after {@code delay}, measured on the Redis clock, and in the same
   * script records sink progress made by this attempt ({@code fields}, e.g. {@code
   * governance.done}) so the next attempt skips those sinks.
   *
   * @return the due time in epoch ms (Redis clock), or empty when this worker no longer owned it
   */
  public OptionalLong scheduleRetry(
      Jedis jedis,
      String workerName,
      String rawJob,
      String auditId,
      Duration delay,
      int attempts,
      String error,
      Map<String, String> fields) {
    List<String> args = new ArrayList<>();
    args.add(rawJob);
    args.add(auditId);
    args.add(Long.toString(delay.toMillis()));
    args.add(Integer.toString(attempts));
    args.add(error == null ? "" : error);
    args.add(Long.toString(STATE_TTL.toSeconds()));
    fields.forEach(
        (k, v) -> {
          args.add(k);
          args.add(v);
        });
    long due =
        retry.evalLong(
            jedis,
            List.of(
                keys.inflight(workerName),
                keys.retrySchedule(),
                keys.retryJobs(),
                keys.state(auditId),
                keys.worker(workerName)),
            args);
    if (due < 0) {
      return OptionalLong.empty();
    }
    jedis.incr(keys.retried());
    return OptionalLong.of(due);
  }

  /**
   * Moves the job to the dead letters.
   *
   * @param requireOwnership when true, nothing is recorded if the job is no longer in this worker's
   *     in-flight list
   * @return false when ownership was required and missing
   */
  public boolean deadLetter(
      Jedis jedis, String workerName, String rawJob, DeadLetter letter, boolean requireOwnership) {
    String stateKey =
        letter.auditId() == null ? keys.state(letter.id()) : keys.state(letter.auditId());
    long r =
        dead.evalLong(
            jedis,
            List.of(
                keys.inflight(workerName),
                keys.deadLetters(),
                keys.deadIndex(),
                stateKey,
                keys.failed(),
                keys.worker(workerName)),
            List.of(rawJob, letter.id(), letter.toJson(), requireOwnership ? "1" : "0"));
    return r >= 0;
  }
}
