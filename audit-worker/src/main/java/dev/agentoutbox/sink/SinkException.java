package dev.agentoutbox.sink;

/** A failed sink write, classified so the worker knows whether retrying can help. */
public final class SinkException extends Exception {

  /** Whether a later attempt can succeed. */
  public enum Kind {
    /** Connection loss, timeout, 5xx, 429, lock/serialization conflicts: retry with backoff. */
    TRANSIENT,
    /** Bad request, constraint that retrying cannot fix, auth refused: dead-letter at once. */
    PERMANENT
  }

  private final Kind kind;
  private final String sink;

  public SinkException(String sink, Kind kind, String message, Throwable cause) {
    super(sink + ": " + message, cause);
    this.sink = sink;
    this.kind = kind;
  }

  public static SinkException transientFailure(String sink, String message, Throwable cause) {
    return new SinkException(sink, Kind.TRANSIENT, message, cause);
  }

  public static SinkException permanentFailure(String sink, String message, Throwable cause) {
    return new SinkException(sink, Kind.PERMANENT, message, cause);
  }

  public Kind kind() {
    return kind;
  }

  public String sink() {
    return sink;
  }

  public boolean isTransient() {
    return kind == Kind.TRANSIENT;
  }
}
