package dev.agentoutbox.api.handoff;

/**
 * The payload could be neither queued nor spooled; the record is not kept and the caller must say
 * so (the API answers 503 instead of 200/202).
 */
public class HandOffException extends RuntimeException {
  public HandOffException(String message, Throwable cause) {
    super(message, cause);
  }

  public HandOffException(String message) {
    super(message);
  }
}
