package dev.agentoutbox.cli;

import dev.agentoutbox.queue.DeadLetterStore;
import dev.agentoutbox.queue.DeadReason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import picocli.CommandLine.Option;

/** Filters over dead letters: reason, sink, last-failure window, how many. */
final class DeadLetterFilterOptions {
  @Option(
      names = "--reason",
      paramLabel = "REASON",
      completionCandidates = Reasons.class,
      description = "Only this reason: ${COMPLETION-CANDIDATES}.")
  String reason;

  @Option(
      names = "--sink",
      paramLabel = "SINK",
      completionCandidates = Sinks.class,
      description = "Only failures of this sink: ${COMPLETION-CANDIDATES}.")
  String sink;

  @Option(
      names = "--since",
      paramLabel = "TIME",
      converter = TimeSpec.Converter.class,
      description =
          "Only dead letters whose last failure is at or after TIME: an ISO instant"
              + " (2026-12-04T10:00:00Z), a UTC date (2026-12-04) or an age (15m, 2h, 1d).")
  TimeSpec since;

  @Option(
      names = "--until",
      paramLabel = "TIME",
      converter = TimeSpec.Converter.class,
      description = "Only dead letters whose last failure is at or before TIME (same forms).")
  TimeSpec until;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "At most N dead letters, oldest failure first.")
  Integer limit;

  /**
   * True when any of reason, sink, since, until is given ({@code --limit} alone selects nothing).
   */
  boolean selects() {
    return reason != null || sink != null || since != null || until != null;
  }

  /** The store filter, times resolved against {@code now} (the Redis clock). */
  DeadLetterStore.Filter filter(Instant now) {
    if (reason != null) {
      try {
        DeadReason.fromCode(reason);
      } catch (IllegalArgumentException e) {
        throw CliException.usage("--reason: " + e.getMessage());
      }
    }
    if (sink != null && sink.isBlank()) {
      throw CliException.usage("--sink: must not be blank");
    }
    if (limit != null && limit < 1) {
      throw CliException.usage("--limit: must be at least 1, was " + limit);
    }
    Instant from = since == null ? null : since.resolve(now);
    Instant to = until == null ? null : until.resolve(now);
    if (from != null && to != null && from.isAfter(to)) {
      throw CliException.usage(
          "--since ("
              + Durations.instant(from)
              + ") is after --until ("
              + Durations.instant(to)
              + ")");
    }
    return new DeadLetterStore.Filter(reason, sink, from, to, limit);
  }

  /** Completion candidates of {@code --reason}. */
  static final class Reasons implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return new ArrayList<>(Arrays.asList(DeadReason.codes())).iterator();
    }
  }

  /** Completion candidates of {@code --sink}. */
  static final class Sinks implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return java.util.List.of("governance", "mlflow").iterator();
    }
  }
}
