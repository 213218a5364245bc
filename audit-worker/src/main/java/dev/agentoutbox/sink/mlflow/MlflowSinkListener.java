package dev.agentoutbox.sink.mlflow;

import java.util.List;

/**
 * Hooks for metrics on what the MLflow sink did; called on the writing thread, must not block or
 * throw. Every method has a no-op default.
 */
public interface MlflowSinkListener {

  /** A no-op listener. */
  MlflowSinkListener NONE = new MlflowSinkListener() {};

  /** A run was created for {@code auditId}. */
  default void onRunCreated(String auditId, String runId) {}

  /** A run created by an earlier or concurrent attempt was found by its tag and reused. */
  default void onRunAdopted(String auditId, String runId) {}

  /**
   * More than one active run carried {@code auditId} (blind client retries of runs/create, or two
   * workers racing); {@code deletedRunIds} were deleted and {@code keptRunId} kept.
   */
  default void onDuplicatesRemoved(String auditId, String keptRunId, List<String> deletedRunIds) {}
}
