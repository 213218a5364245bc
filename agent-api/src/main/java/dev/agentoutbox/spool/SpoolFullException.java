package dev.agentoutbox.spool;

import java.io.IOException;

/** The spool reached its size bound; the record was not written. */
public final class SpoolFullException extends IOException {
  public SpoolFullException(String message) {
    super(message);
  }
}
