package dev.agentoutbox.sink.governance;

/** The governance table exists but cannot take the sink's rows (missing columns, no unique key). */
public final class GovernanceSchemaException extends IllegalStateException {
  public GovernanceSchemaException(String message) {
    super(message);
  }

  public GovernanceSchemaException(String message, Throwable cause) {
    super(message, cause);
  }
}
