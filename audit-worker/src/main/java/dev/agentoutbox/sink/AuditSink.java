package dev.agentoutbox.sink;

import dev.agentoutbox.payload.AuditPayload;

/**
 * A destination of the Phase 8 record (the governance table, MLflow).
 *
 * <p>Contract, shared by every implementation and checked by its contract test:
 *
 * <ul>
 *   <li><b>Idempotent</b>: writing the same {@code audit_id} twice, sequentially or concurrently
 *       from two workers, leaves exactly one record in the destination.
 *   <li><b>Resumable</b>: an implementation that needs several remote calls records its steps in
 *       {@link SinkProgress} so that a retry after a crash redoes only what is missing.
 *   <li><b>Classified failures</b>: every failure is a {@link SinkException} whose {@link
 *       SinkException#kind()} says whether a retry can help. Implementations never block forever:
 *       every remote call runs under a deadline.
 * </ul>
 */
public interface AuditSink extends AutoCloseable {

  /**
   * Short stable name used in progress records, metrics and logs: {@code governance}, {@code
   * mlflow}.
   */
  String name();

  /**
   * Writes the record, or confirms it is already there.
   *
   * @param payload the validated record
   * @param progress this sink's progress for this {@code audit_id}, persisted across attempts
   * @throws SinkException when the record is not known to be written
   */
  void write(AuditPayload payload, SinkProgress progress) throws SinkException;

  /** Cheap reachability check for readiness probes; never throws. */
  default boolean isHealthy() {
    return true;
  }

  @Override
  default void close() {}
}
