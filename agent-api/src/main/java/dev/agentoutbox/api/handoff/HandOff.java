package dev.agentoutbox.api.handoff;

import dev.agentoutbox.payload.AuditPayload;

/**
 * Hands a Phase 8 payload to the durable outbox.
 *
 * <p>This is the only thing the HTTP layer does with an audit record while a user waits, so it must
 * return in well under a millisecond or two and never wait on a sink (governance table, MLflow).
 * The API calls {@link #submit} <em>before</em> it writes the response: once a 200/202 has left the
 * process, the record is in Redis or in the local fsync'd spool, so a SIGKILL right after the
 * response cannot lose it.
 *
 * <p>Implementations are thread-safe. The queue module supplies the real one; see {@link
 * HandOffs#fromEnv}.
 */
public interface HandOff extends AutoCloseable {

  /**
   * Takes custody of one payload.
   *
   * <p>Never throws because Redis is unreachable or slow: the payload is spooled instead and the
   * receipt says {@link HandOffDestination#SPOOLED}. Submitting the same {@code audit_id} twice is
   * allowed (a client retry) and must not create a second record downstream.
   *
   * @return where the payload now is
   * @throws HandOffException only when the payload could be neither queued nor spooled (for example
   *     the spool disk is full); the caller must then not claim the record was kept
   */
  HandOffReceipt submit(AuditPayload payload);

  /** A cheap snapshot of the hand-off state; called by {@code /healthz} and {@code /metrics}. */
  HandOffHealth health();

  /** Flushes and releases resources; called once at shutdown after the HTTP server stopped. */
  @Override
  default void close() {}
}
