package dev.agentoutbox.payload;

import java.util.Locale;
import java.util.Optional;

/** The seven phases of the agent that precede the Phase 8 audit record. */
public enum Phase {
  RETRIEVAL,
  ANONYMIZATION,
  CLASSIFICATION,
  EXECUTION,
  SYNTHESIS,
  VALIDATION,
  RESTORATION;

  /** Name used in JSON, metrics and columns: lower case, e.g. {@code synthesis}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Phase> fromKey(String key) {
    for (Phase p : values()) {
      if (p.key().equals(key)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
