package dev.agentoutbox.queue;

import java.util.Objects;

/**
 * Every Redis key of the outbox. Jesque's own keys ({@code queue}, {@code queues}, {@code
 * inflight}, {@code workers}, {@code worker}, {@code stat}) keep Jesque's layout so Jesque (and
 * resque-web) can read them; the reliability layer adds the others.
 *
 * @param namespace key prefix, {@code agent-outbox} by default
 * @param queue queue name, {@code phase8} by default
 */
public record QueueKeys(String namespace, String queue) {
  public static final String DEFAULT_NAMESPACE = "agent-outbox";
  public static final String DEFAULT_QUEUE = "phase8";

  public QueueKeys {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(queue, "queue");
  }

  public static QueueKeys defaults() {
    return new QueueKeys(DEFAULT_NAMESPACE, DEFAULT_QUEUE);
  }

  private String key(String... parts) {
    return namespace + ":" + String.join(":", parts);
  }

  /** Set of queue names (Jesque). */
  public String queues() {
    return key("queues");
  }

  /** Ready jobs, a list popped from the left (Jesque). */
  public String queueList() {
    return key("queue", queue);
  }

  /** The job a worker thread is running (Jesque). */
  public String inflight(String workerName) {
    return key("inflight", workerName, queue);
  }

  /** Pattern matching every in-flight list of this queue. */
  public String inflightPattern() {
    return key("inflight", "*") + ":" + queue;
  }

  /** Worker name from an in-flight key, or null when the key is not one of ours. */
  public String workerOfInflightKey(String inflightKey) {
    String prefix = key("inflight") + ":";
    String suffix = ":" + queue;
    if (!inflightKey.startsWith(prefix) || !inflightKey.endsWith(suffix)) {
      return null;
    }
    return inflightKey.substring(prefix.length(), inflightKey.length() - suffix.length());
  }

  /** Registered worker names (Jesque). */
  public String workers() {
    return key("workers");
  }

  /** A worker's current job status (Jesque). */
  public String worker(String workerName) {
    return key("worker", workerName);
  }

  /** When a worker started (Jesque). */
  public String workerStarted(String workerName) {
    return key("worker", workerName, "started");
  }

  /** Liveness of one worker process; expires when the process stops refreshing it. */
  public String heartbeat(String processId) {
    return key("heartbeat", processId);
  }

  public String heartbeatPattern() {
    return key("heartbeat", "*");
  }

  /** Per-audit attempts and sink progress. */
  public String state(String auditId) {
    return key("state", auditId);
  }

  /** Retry schedule: audit id scored by due time (ms, Redis clock). */
  public String retrySchedule() {
    return key("retry", queue);
  }

  /** Job JSON of each scheduled retry, by audit id. */
  public String retryJobs() {
    return key("retry", queue, "jobs");
  }

  /** Dead letters, JSON by id. */
  public String deadLetters() {
    return key("dead");
  }

  /** Dead-letter ids scored by last failure time (ms). */
  public String deadIndex() {
    return key("dead", "index");
  }

  /** Every accepted audit id scored by acceptance time (ms); read by {@code verify}. */
  public String ledger() {
    return key("ledger");
  }

  /** Completed audit ids scored by completion time (ms). */
  public String done() {
    return key("done");
  }

  /** Recent end-to-end lags (ms from acceptance to both sinks done). */
  public String lag() {
    return key("lag");
  }

  /** Jobs moved back to the queue by orphan recovery (recent events, JSON). */
  public String recovered() {
    return key("events", "recovered");
  }

  /** Operator actions on dead letters (JSON). */
  public String history() {
    return key("events", "requeue");
  }

  /** Total processed (Jesque stat). */
  public String processed() {
    return key("stat", "processed");
  }

  /** Total dead-lettered (Jesque stat name). */
  public String failed() {
    return key("stat", "failed");
  }

  /** Total scheduled retries. */
  public String retried() {
    return key("stat", "retried");
  }
}
