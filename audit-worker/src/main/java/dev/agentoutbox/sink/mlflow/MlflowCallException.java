package dev.agentoutbox.sink.mlflow;

import dev.agentoutbox.sink.SinkException;

/**
 * A failed MLflow call, classified: 429, 5xx, timeouts and connection errors are {@link
 * SinkException.Kind#TRANSIENT}; other 4xx are {@link SinkException.Kind#PERMANENT}.
 */
public final class MlflowCallException extends Exception {
  /** MLflow's error code of a run or experiment that does not exist. */
  public static final String RESOURCE_DOES_NOT_EXIST = "RESOURCE_DOES_NOT_EXIST";

  /** MLflow's error code of a name that is taken (experiment creation races). */
  public static final String RESOURCE_ALREADY_EXISTS = "RESOURCE_ALREADY_EXISTS";

  private final String operation;
  private final SinkException.Kind kind;
  private final int httpStatus;
  private final String errorCode;

  /**
   * @param operation the gateway operation, e.g. {@code runs/create}
   * @param httpStatus the HTTP status, or 0 when no answer was received
   * @param errorCode MLflow's {@code error_code}, or {@code null}
   */
  public MlflowCallException(
      String operation,
      SinkException.Kind kind,
      int httpStatus,
      String errorCode,
      String message,
      Throwable cause) {
    super(operation + ": " + message, cause);
    this.operation = operation;
    this.kind = kind;
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
  }

  public String operation() {
    return operation;
  }

  public SinkException.Kind kind() {
    return kind;
  }

  public boolean isTransient() {
    return kind == SinkException.Kind.TRANSIENT;
  }

  /** The HTTP status, or 0 when the server did not answer (timeout, connection refused). */
  public int httpStatus() {
    return httpStatus;
  }

  /** MLflow's {@code error_code} such as {@code INVALID_PARAMETER_VALUE}, or {@code null}. */
  public String errorCode() {
    return errorCode;
  }

  public boolean isNotFound() {
    return httpStatus == 404 || RESOURCE_DOES_NOT_EXIST.equals(errorCode);
  }

  public boolean isAlreadyExists() {
    return RESOURCE_ALREADY_EXISTS.equals(errorCode);
  }

  public SinkException toSinkException(String sink, String context) {
    return new SinkException(sink, kind, context + ": " + getMessage(), this);
  }
}
