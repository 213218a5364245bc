package dev.agentoutbox.sink;

import java.util.Optional;

/**
 * Durable per-{@code audit_id}, per-sink progress (stored in Redis next to the job).
 *
 * <p>A sink records intermediate steps here <em>before</em> and <em>after</em> each remote effect,
 * e.g. the MLflow sink stores {@code creating} before {@code runs/create} and the run id after it,
 * so a later attempt knows whether an earlier one may already have created the run.
 */
public interface SinkProgress {

  /** The value stored for {@code field}, if any. */
  Optional<String> get(String field);

  /** Stores {@code value} for {@code field} durably before returning. */
  void put(String field, String value);

  /** A progress that lives in memory only (tests, dry runs). */
  static SinkProgress inMemory() {
    return new InMemorySinkProgress();
  }
}
