package dev.agentoutbox.worker;

import dev.agentoutbox.queue.DeadReason;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters of one worker process, rendered in the Prometheus text format. */
public final class WorkerMetrics {
  private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> nanos = new ConcurrentHashMap<>();

  void outcome(JobOutcome outcome) {
    inc("agent_outbox_jobs_total{outcome=\"" + outcome.name().toLowerCase() + "\"}");
  }

  void deadLetter(DeadReason reason) {
    inc("agent_outbox_dead_letters_total{reason=\"" + reason.code() + "\"}");
  }

  void sinkWrite(String sink, boolean ok, long elapsedNanos) {
    String labels = "{sink=\"" + sink + "\",result=\"" + (ok ? "ok" : "error") + "\"}";
    inc("agent_outbox_sink_writes_total" + labels);
    nanos
        .computeIfAbsent("agent_outbox_sink_write_seconds_sum" + labels, k -> new LongAdder())
        .add(elapsedNanos);
  }

  void recovered(long n) {
    counters.computeIfAbsent("agent_outbox_jobs_recovered_total", k -> new LongAdder()).add(n);
  }

  void promoted(long n) {
    counters.computeIfAbsent("agent_outbox_retries_promoted_total", k -> new LongAdder()).add(n);
  }

  void workerRestarted() {
    inc("agent_outbox_worker_thread_restarts_total");
  }

  void redisError() {
    inc("agent_outbox_redis_errors_total");
  }

  private void inc(String name) {
    counters.computeIfAbsent(name, k -> new LongAdder()).increment();
  }

  /** Current value of a counter (name with labels), 0 when never incremented. */
  public long value(String name) {
    LongAdder a = counters.get(name);
    return a == null ? 0 : a.sum();
  }

  /** Prometheus text exposition. */
  public String render(Map<String, Double> gauges) {
    StringBuilder sb = new StringBuilder();
    new TreeMap<>(counters)
        .forEach((k, v) -> sb.append(k).append(' ').append(v.sum()).append('\n'));
    new TreeMap<>(nanos)
        .forEach((k, v) -> sb.append(k).append(' ').append(v.sum() / 1e9).append('\n'));
    new TreeMap<>(gauges).forEach((k, v) -> sb.append(k).append(' ').append(v).append('\n'));
    return sb.toString();
  }
}
