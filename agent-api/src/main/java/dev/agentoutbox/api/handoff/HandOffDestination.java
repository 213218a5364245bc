package dev.agentoutbox.api.handoff;

import java.util.Locale;

/** Where a handed-off payload went. */
public enum HandOffDestination {
  /** Pushed to the Redis queue. */
  QUEUED,
  /** Redis was unavailable: written to the local durable spool, replayed later. */
  SPOOLED;

  /** Name used in API responses and metric labels, e.g. {@code queued}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
