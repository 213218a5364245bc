package dev.agentoutbox.api.handoff;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A snapshot of the hand-off state.
 *
 * @param status overall state; anything but {@link Status#UP} makes {@code /healthz} answer 503
 * @param spoolDepth payloads waiting in the local spool for Redis to come back
 * @param notes short human-readable remarks (no PII), e.g. {@code "redis unreachable since ..."}
 */
public record HandOffHealth(Status status, long spoolDepth, List<String> notes) {

  /** Overall hand-off state. */
  public enum Status {
    /** Payloads go straight to Redis. */
    UP,
    /** Payloads are accepted but spooled locally (Redis down or spool replay in progress). */
    DEGRADED,
    /** Payloads cannot be kept at all: submit throws {@link HandOffException}. */
    DOWN;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public HandOffHealth {
    Objects.requireNonNull(status, "status");
    if (spoolDepth < 0) {
      throw new IllegalArgumentException("spoolDepth must be >= 0, was " + spoolDepth);
    }
    notes = List.copyOf(notes);
  }

  public static HandOffHealth up() {
    return new HandOffHealth(Status.UP, 0, List.of());
  }

  public boolean isUp() {
    return status == Status.UP;
  }
}
