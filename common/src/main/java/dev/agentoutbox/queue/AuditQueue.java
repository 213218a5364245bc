package dev.agentoutbox.queue;

import dev.agentoutbox.payload.AuditPayload;

/**
 * The producer side of the outbox: accepts a Phase 8 payload durably.
 *
 * <p>When {@link #enqueue} returns, the job is in Redis (in the ready queue and in the ledger of
 * accepted ids); with AOF on, it survives a restart of Redis and the death of the caller.
 */
public interface AuditQueue extends AutoCloseable {

  /**
   * Enqueues the payload.
   *
   * @throws QueueUnavailableException when Redis cannot be reached in time; nothing was enqueued,
   *     or (if the reply was lost) it was enqueued once and a retry by the caller would add a
   *     duplicate job for the same {@code audit_id}, which the idempotent sinks absorb
   */
  void enqueue(AuditPayload payload) throws QueueUnavailableException;

  /** Enqueues a payload already serialized with {@code PayloadCodec} (used by spool replay). */
  void enqueueJson(String auditId, String payloadJson) throws QueueUnavailableException;

  /** Whether the queue answers now (a cheap probe, never throws). */
  boolean ping();

  @Override
  void close();
}
