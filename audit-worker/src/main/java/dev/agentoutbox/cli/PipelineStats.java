package dev.agentoutbox.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;

/**
 * What {@code stats} reports, as of {@code at} on the Redis clock.
 *
 * @param waiting jobs in the ready queue
 * @param oldestWaiting the longest-waiting of the first jobs of the queue, by acceptance time
 * @param inFlight jobs workers are running now
 * @param retries scheduled retries and the next due
 * @param deadLetters dead letters, by reason and by sink
 * @param workers live and dead worker threads
 * @param counters totals since the counters were created
 * @param throughput ids accepted and completed recently
 * @param lag end-to-end lag (accepted → every sink done) of the recent completions
 * @param lastOperatorAction the newest requeue or purge, or null
 */
record PipelineStats(
    Instant at,
    String redis,
    String namespace,
    String queue,
    long waiting,
    OldestWaiting oldestWaiting,
    long inFlight,
    Retries retries,
    DeadLetters deadLetters,
    Workers workers,
    Counters counters,
    Throughput throughput,
    Lag lag,
    HistoryReader.Summary lastOperatorAction) {

  /** The age of the oldest job among the first {@code examined} waiting jobs. */
  record OldestWaiting(String auditId, Instant acceptedAt, long ageMs, int examined) {}

  record Retries(long scheduled, Instant nextDue, Long nextDueInMs) {}

  record DeadLetters(long total, Map<String, Long> byReason, Map<String, Long> bySink) {}

  /**
   * @param live registered worker threads whose process heartbeat is present
   * @param dead registered worker threads whose process heartbeat expired ({@code reap} recovers
   *     their jobs)
   * @param orphaned unregistered workers that still hold an in-flight job
   * @param liveProcesses worker processes with a heartbeat
   */
  record Workers(int live, int dead, int orphaned, int liveProcesses) {}

  /**
   * @param processed jobs finished in every sink
   * @param failed jobs dead-lettered
   * @param retried retries scheduled
   * @param recovered orphan-recovery events kept (the newest 10000)
   */
  record Counters(long processed, long failed, long retried, long recovered) {}

  record Throughput(
      @JsonProperty("accepted_1m") long accepted1m,
      @JsonProperty("accepted_15m") long accepted15m,
      @JsonProperty("completed_1m") long completed1m,
      @JsonProperty("completed_15m") long completed15m,
      long inLedger) {}

  /** Percentiles (nearest rank) over the newest {@code samples} lags, in ms; null when none. */
  record Lag(int samples, Long p50Ms, Long p95Ms, Long maxMs) {}
}
