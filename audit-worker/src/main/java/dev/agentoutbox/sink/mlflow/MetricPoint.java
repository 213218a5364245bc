package dev.agentoutbox.sink.mlflow;

import java.util.Objects;

/**
 * One metric value. MLflow ignores a re-log of the same key, value, timestamp and step, so callers
 * use deterministic timestamps and steps to make re-logging idempotent.
 */
public record MetricPoint(String key, double value, long timestampMillis, long step) {
  public MetricPoint {
    Objects.requireNonNull(key, "key");
  }
}
