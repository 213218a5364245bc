package dev.agentoutbox.api.handoff;

import java.util.Objects;
import java.util.UUID;

/**
 * Proof that the outbox took custody of a payload.
 *
 * @param auditId the payload's audit id
 * @param destination where it went
 */
public record HandOffReceipt(UUID auditId, HandOffDestination destination) {
  public HandOffReceipt {
    Objects.requireNonNull(auditId, "auditId");
    Objects.requireNonNull(destination, "destination");
  }
}
