package dev.agentoutbox.spool;

import java.io.IOException;

/**
 * A local, durable, bounded, ordered buffer of Phase 8 payloads, used while Redis is unreachable.
 *
 * <p>{@link #append} returns only once the record is on disk (fsync), so a record whose user got an
 * answer survives a SIGKILL of the API. {@link #relay} hands records to a consumer in append order;
 * a record may be handed over twice if the process dies between the hand-over and the durable
 * cursor update (the downstream sinks are idempotent by {@code audit_id}).
 */
public interface Spool extends AutoCloseable {

  /**
   * Appends one record durably.
   *
   * @throws SpoolFullException when the spool holds {@code maxBytes} already: nothing was written
   * @throws IOException when the disk refused the write: nothing is promised
   */
  void append(String auditId, String payloadJson) throws IOException;

  /**
   * Hands pending records to {@code consumer} in order until it fails or the spool is empty.
   *
   * @return how many records were handed over
   */
  long relay(Consumer consumer) throws IOException;

  /** Records waiting to be relayed. */
  long depth();

  /** Bytes waiting to be relayed. */
  long pendingBytes();

  /** The byte bound past which {@link #append} refuses records. */
  long maxBytes();

  @Override
  void close() throws IOException;

  /** Receives relayed records; throws to stop the relay (the record stays pending). */
  @FunctionalInterface
  interface Consumer {
    void accept(String auditId, String payloadJson) throws Exception;
  }
}
