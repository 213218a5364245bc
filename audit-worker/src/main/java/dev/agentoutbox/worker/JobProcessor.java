package dev.agentoutbox.worker;

import dev.agentoutbox.payload.AuditPayload;
import dev.agentoutbox.payload.PayloadCodec;
import dev.agentoutbox.payload.PayloadValidationException;
import dev.agentoutbox.queue.DeadLetter;
import dev.agentoutbox.queue.DeadReason;
import dev.agentoutbox.queue.JobEnvelope;
import dev.agentoutbox.queue.JobStore;
import dev.agentoutbox.retry.BackoffPolicy;
import dev.agentoutbox.sink.AuditSink;
import dev.agentoutbox.sink.SinkException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;

/**
 * Runs one Phase 8 job: writes each sink that is not done yet for this {@code audit_id}, records
 * per-sink progress, then moves the job to done, the retry schedule or the dead letters.
 */
public final class JobProcessor {
  private static final Logger LOG = LoggerFactory.getLogger(JobProcessor.class);
  static final String ATTEMPTS = "attempts";
  static final String DONE_SUFFIX = ".done";

  private final List<AuditSink> sinks;
  private final JobStore store;
  private final BackoffPolicy backoff;
  private final Clock clock;
  private final DoubleSupplier random;
  private final WorkerMetrics metrics;

  public JobProcessor(
      List<AuditSink> sinks,
      JobStore store,
      BackoffPolicy backoff,
      Clock clock,
      DoubleSupplier random,
      WorkerMetrics metrics) {
    this.sinks = List.copyOf(sinks);
    this.store = store;
    this.backoff = backoff;
    this.clock = clock;
    this.random = random;
    this.metrics = metrics;
  }

  public JobProcessor(
      List<AuditSink> sinks, JobStore store, BackoffPolicy backoff, WorkerMetrics metrics) {
    this(
        sinks,
        store,
        backoff,
        Clock.systemUTC(),
        () -> ThreadLocalRandom.current().nextDouble(),
        metrics);
  }

  public List<AuditSink> sinks() {
    return sinks;
  }

  /** Processes one job owned by {@code workerName}; Redis errors propagate to the caller. */
  public JobOutcome process(Jedis jedis, String workerName, String rawJob, String payloadJson) {
    return process(jedis, workerName, rawJob, payloadJson, "{}");
  }

  /**
   * Processes one job owned by {@code workerName}, publishing {@code statusJson} as the worker's
   * current job while it runs; Redis errors propagate to the caller.
   */
  public JobOutcome process(
      Jedis jedis, String workerName, String rawJob, String payloadJson, String statusJson) {
    AuditPayload payload;
    try {
      payload = PayloadCodec.parse(payloadJson);
    } catch (PayloadValidationException e) {
      return deadLetter(
          jedis,
          workerName,
          rawJob,
          JobEnvelope.deadLetterId(rawJob),
          DeadReason.INVALID_PAYLOAD,
          null,
          e.getMessage(),
          Map.of(),
          Map.of());
    }
    String auditId = payload.auditId().toString();
    Map<String, String> state = new HashMap<>(store.begin(jedis, workerName, statusJson, auditId));
    Map<String, String> doneNow = new HashMap<>();
    int attempt = parseInt(state.get(ATTEMPTS)) + 1;

    SinkException failure = null;
    for (AuditSink sink : sinks) {
      String doneField = sink.name() + DONE_SUFFIX;
      if (state.containsKey(doneField)) {
        continue;
      }
      long start = System.nanoTime();
      try {
        sink.write(payload, new RedisSinkProgress(jedis, store, auditId, sink.name(), state));
        String at = clock.instant().toString();
        state.put(doneField, at);
        doneNow.put(doneField, at);
        metrics.sinkWrite(sink.name(), true, System.nanoTime() - start);
      } catch (SinkException e) {
        metrics.sinkWrite(sink.name(), false, System.nanoTime() - start);
        failure = e;
        if (!e.isTransient()) {
          break;
        }
      } catch (RuntimeException e) {
        metrics.sinkWrite(sink.name(), false, System.nanoTime() - start);
        failure = SinkException.transientFailure(sink.name(), "unexpected " + e, e);
      }
    }

    if (failure == null) {
      if (!store.ack(jedis, workerName, rawJob, auditId)) {
        LOG.warn(
            "audit {}: written to every sink, but orphan recovery had already handed the job to"
                + " another worker; it will find the sinks done",
            auditId);
        return JobOutcome.LOST_OWNERSHIP;
      }
      if (attempt > 1) {
        LOG.info("audit {}: written to every sink on attempt {}", auditId, attempt);
      } else {
        LOG.debug("audit {}: written to every sink", auditId);
      }
      metrics.outcome(JobOutcome.DONE);
      return JobOutcome.DONE;
    }

    Map<String, String> progress = progressOf(state);
    if (!failure.isTransient()) {
      return deadLetter(
          jedis,
          workerName,
          rawJob,
          auditId,
          DeadReason.SINK_REJECTED,
          failure.sink(),
          describe(failure),
          withAttempts(progress, attempt),
          state);
    }
    if (!backoff.canRetry(attempt)) {
      return deadLetter(
          jedis,
          workerName,
          rawJob,
          auditId,
          DeadReason.RETRIES_EXHAUSTED,
          failure.sink(),
          describe(failure),
          withAttempts(progress, attempt),
          state);
    }
    Duration delay = backoff.delay(attempt, random);
    OptionalLong due =
        store.scheduleRetry(
            jedis, workerName, rawJob, auditId, delay, attempt, describe(failure), doneNow);
    if (due.isEmpty()) {
      LOG.warn(
          "audit {}: {} failed ({}), but orphan recovery had already handed the job to another"
              + " worker; that worker retries it",
          auditId,
          failure.sink(),
          describe(failure));
      return JobOutcome.LOST_OWNERSHIP;
    }
    LOG.warn(
        "audit {}: {} failed: {}; will retry in {} s, attempt {}/{}",
        auditId,
        failure.sink(),
        describe(failure),
        String.format("%.1f", delay.toMillis() / 1000.0),
        attempt + 1,
        backoff.maxAttempts());
    metrics.outcome(JobOutcome.RETRY_SCHEDULED);
    return JobOutcome.RETRY_SCHEDULED;
  }

  /** Dead-letters a job that could not even be read (malformed JSON, unknown class). */
  public JobOutcome deadLetterUnreadable(
      Jedis jedis, String workerName, String rawJob, DeadReason reason, String error) {
    return deadLetter(
        jedis,
        workerName,
        rawJob,
        JobEnvelope.deadLetterId(rawJob),
        reason,
        null,
        error,
        Map.of(),
        Map.of());
  }

  private JobOutcome deadLetter(
      Jedis jedis,
      String workerName,
      String rawJob,
      String id,
      DeadReason reason,
      String sink,
      String error,
      Map<String, String> progress,
      Map<String, String> state) {
    String auditId = JobEnvelope.auditIdOf(rawJob).orElse(null);
    Instant now = clock.instant();
    Instant first =
        state.containsKey("first_failure_at")
            ? Instant.ofEpochMilli(Long.parseLong(state.get("first_failure_at")))
            : now;
    int attempts = progress.containsKey(ATTEMPTS) ? Integer.parseInt(progress.get(ATTEMPTS)) : 1;
    Map<String, String> kept = new HashMap<>(progress);
    kept.remove(ATTEMPTS);
    DeadLetter letter =
        new DeadLetter(
            id,
            auditId,
            reason.code(),
            sink,
            error,
            attempts,
            kept,
            first,
            now,
            workerName,
            rawJob);
    boolean ownsPayload =
        reason == DeadReason.SINK_REJECTED || reason == DeadReason.RETRIES_EXHAUSTED;
    if (!store.deadLetter(jedis, workerName, rawJob, letter, ownsPayload)) {
      LOG.warn(
          "audit {}: would dead-letter ({}), but orphan recovery had handed the job to another"
              + " worker; it decides there",
          id,
          reason.code());
      return JobOutcome.LOST_OWNERSHIP;
    }
    boolean requeueable =
        auditId != null
            && (reason != DeadReason.MALFORMED_JSON && reason != DeadReason.UNKNOWN_CLASS);
    LOG.error(
        "audit {}: dead-lettered, reason {}{}: {}; nothing more happens until an operator {}",
        id,
        reason.code(),
        sink == null ? "" : " (sink " + sink + ")",
        error,
        requeueable
            ? "fixes the cause and runs 'audit-worker failed requeue " + id + "'"
            : "inspects it ('audit-worker failed show " + id + "') and purges it");
    metrics.outcome(JobOutcome.DEAD_LETTERED);
    metrics.deadLetter(reason);
    return JobOutcome.DEAD_LETTERED;
  }

  private static Map<String, String> progressOf(Map<String, String> state) {
    Map<String, String> p = new HashMap<>();
    state.forEach(
        (k, v) -> {
          if (k.contains(".")) {
            p.put(k, v);
          }
        });
    return p;
  }

  private static Map<String, String> withAttempts(Map<String, String> progress, int attempts) {
    Map<String, String> m = new HashMap<>(progress);
    m.put(ATTEMPTS, Integer.toString(attempts));
    return m;
  }

  private static String describe(SinkException e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String msg = e.getMessage();
    if (root != e && root.getMessage() != null && !msg.contains(root.getMessage())) {
      msg = msg + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }
    return msg.length() > 1_000 ? msg.substring(0, 1_000) + "…" : msg;
  }

  private static int parseInt(String s) {
    if (s == null || s.isBlank()) {
      return 0;
    }
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
