package dev.agentoutbox.sink.mlflow;

/** Run statuses of the MLflow REST API. */
public enum MlflowRunStatus {
  RUNNING,
  SCHEDULED,
  FINISHED,
  FAILED,
  KILLED
}
