package dev.agentoutbox.cli;

import dev.agentoutbox.queue.DeadLetter;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** A dead letter as the CLI shows it (without the raw job text). */
record DeadLetterView(
    String id,
    String auditId,
    String reason,
    String sink,
    int attempts,
    Instant firstFailureAt,
    Instant lastFailureAt,
    String worker,
    String error,
    Map<String, String> progress) {

  static DeadLetterView of(DeadLetter d) {
    return new DeadLetterView(
        d.id(),
        d.auditId(),
        d.reason(),
        d.sink(),
        d.attempts(),
        d.firstFailureAt(),
        d.lastFailureAt(),
        d.worker(),
        d.error(),
        new TreeMap<>(d.progress()));
  }
}
