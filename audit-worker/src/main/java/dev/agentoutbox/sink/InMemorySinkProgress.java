package dev.agentoutbox.sink;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link SinkProgress} held in memory. */
public final class InMemorySinkProgress implements SinkProgress {
  private final Map<String, String> values = new ConcurrentHashMap<>();

  @Override
  public Optional<String> get(String field) {
    return Optional.ofNullable(values.get(field));
  }

  @Override
  public void put(String field, String value) {
    values.put(field, value);
  }

  /** A snapshot of the stored fields. */
  public Map<String, String> snapshot() {
    return Map.copyOf(values);
  }
}
