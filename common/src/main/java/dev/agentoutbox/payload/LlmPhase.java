package dev.agentoutbox.payload;

import java.util.Locale;
import java.util.Optional;

/** The phases that call an LLM and therefore carry a cost. */
public enum LlmPhase {
  CLASSIFICATION,
  SYNTHESIS,
  VALIDATION;

  /** Name used in JSON, the {@code error_info} column and MLflow metric names. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<LlmPhase> fromKey(String key) {
    for (LlmPhase p : values()) {
      if (p.key().equals(key)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
