package dev.agentoutbox.queue;

/** Redis could not be reached, or did not answer in time. */
public final class QueueUnavailableException extends Exception {
  public QueueUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
