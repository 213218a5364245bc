package dev.agentoutbox.payload;

import java.util.Objects;

/**
 * An error the agent met while answering (it answered anyway, or answered with a fallback).
 *
 * @param phase the phase key where it happened (see {@link Phase#key()})
 * @param message what happened, without PII
 */
public record AuditError(String phase, String message) {
  public AuditError {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(message, "message");
  }
}
