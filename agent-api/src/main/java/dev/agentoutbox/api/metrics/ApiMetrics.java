package dev.agentoutbox.api.metrics;

import dev.agentoutbox.api.handoff.HandOffDestination;
import dev.agentoutbox.api.handoff.HandOffHealth;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/** The API's metrics, rendered in the Prometheus text format by {@link #scrape}. */
public final class ApiMetrics {
  /** Hand-off outcome label for a payload that could be neither queued nor spooled. */
  public static final String OUTCOME_FAILED = "failed";

  private final LabeledCounter requests =
      new LabeledCounter(
          "agent_api_requests_total", "HTTP requests by route and status.", "route", "status");
  private final LabeledCounter handOffs =
      new LabeledCounter(
          "agent_api_handoffs_total",
          "Phase 8 payloads handed to the outbox, by outcome (queued, spooled, failed).",
          "outcome");
  private final Histogram handOffLatency =
      new Histogram(
          "agent_api_handoff_duration_microseconds",
          "Time spent in HandOff.submit on the request path, in microseconds.",
          5,
          10,
          25,
          50,
          100,
          250,
          500,
          1_000,
          2_500,
          5_000,
          10_000,
          50_000,
          250_000,
          1_000_000);
  private final LongAdder rejected = new LongAdder();
  private volatile IntSupplier busyThreads = () -> 0;
  private volatile IntSupplier queuedRequests = () -> 0;

  public ApiMetrics() {
    for (HandOffDestination d : HandOffDestination.values()) {
      handOffs.touch(d.key());
    }
    handOffs.touch(OUTCOME_FAILED);
  }

  public void request(String route, int status) {
    requests.increment(route, Integer.toString(status));
  }

  public void handOff(String outcome, long micros) {
    handOffs.increment(outcome);
    handOffLatency.observe(micros);
  }

  /** A connection was refused because every handler thread was busy and the queue was full. */
  public void rejected() {
    rejected.increment();
  }

  /** Where the handler pool gauges read from. */
  public void pool(IntSupplier busyThreads, IntSupplier queuedRequests) {
    this.busyThreads = busyThreads;
    this.queuedRequests = queuedRequests;
  }

  public long rejectedCount() {
    return rejected.sum();
  }

  public LabeledCounter requests() {
    return requests;
  }

  public LabeledCounter handOffs() {
    return handOffs;
  }

  public Histogram handOffLatency() {
    return handOffLatency;
  }

  /** Renders every metric; {@code health} may be null when the hand-off could not report. */
  public String scrape(HandOffHealth health) {
    PrometheusText out = new PrometheusText();
    requests.writeTo(out);
    handOffs.writeTo(out);
    handOffLatency.writeTo(out);
    out.header(
        "agent_api_rejected_requests_total",
        "Connections refused because the handler pool and its queue were full.",
        "counter");
    out.sample("agent_api_rejected_requests_total", List.of(), List.of(), rejected.sum());
    out.gauge(
        "agent_api_http_threads_busy",
        "Handler threads serving a request.",
        busyThreads.getAsInt());
    out.gauge(
        "agent_api_http_queue_depth",
        "Requests waiting for a handler thread.",
        queuedRequests.getAsInt());
    out.gauge(
        "agent_api_handoff_up",
        "1 when the hand-off reports UP (payloads go straight to Redis), else 0.",
        health != null && health.isUp() ? 1 : 0);
    out.gauge(
        "agent_api_handoff_spool_depth",
        "Payloads waiting in the local spool for Redis.",
        health == null ? 0 : health.spoolDepth());
    return out.toString();
  }
}
