package dev.agentoutbox.agent.classify;

import java.util.Locale;
import java.util.Optional;

/** What a member asks about. */
public enum Intent {
  EPS_PENSION_BENEFIT,
  EPF_BALANCE,
  GENERAL;

  /** Label used in prompts and logs, e.g. {@code eps_pension_benefit}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Intent> fromKey(String key) {
    for (Intent i : values()) {
      if (i.key().equals(key)) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }
}
