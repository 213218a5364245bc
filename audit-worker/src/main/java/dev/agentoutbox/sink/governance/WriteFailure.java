package dev.agentoutbox.sink.governance;

import dev.agentoutbox.sink.SinkException;

/** Why one row of a batch was not written. */
record WriteFailure(SinkException.Kind kind, String message, Throwable cause) {

  static WriteFailure transientFailure(String message, Throwable cause) {
    return new WriteFailure(SinkException.Kind.TRANSIENT, message, cause);
  }

  SinkException toSinkException(String sink) {
    return new SinkException(sink, kind, message, cause);
  }
}
