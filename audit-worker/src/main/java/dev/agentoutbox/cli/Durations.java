package dev.agentoutbox.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Human-readable durations and instants for tables. */
final class Durations {
  private Durations() {}

  /** {@code 850ms}, {@code 12.3s}, {@code 3m12s}, {@code 5h03m}, {@code 2d04h}. */
  static String human(Duration d) {
    if (d == null) {
      return "-";
    }
    boolean negative = d.isNegative();
    Duration a = d.abs();
    long ms = a.toMillis();
    String s;
    if (ms < 1_000) {
      s = ms + "ms";
    } else if (ms < 60_000) {
      s = String.format("%.1fs", ms / 1000.0);
    } else if (ms < 3_600_000) {
      s = String.format("%dm%02ds", a.toMinutes(), a.toSecondsPart());
    } else if (ms < 86_400_000) {
      s = String.format("%dh%02dm", a.toHours(), a.toMinutesPart());
    } else {
      s = String.format("%dd%02dh", a.toDays(), a.toHoursPart());
    }
    return negative ? "-" + s : s;
  }

  static String millis(long ms) {
    return human(Duration.ofMillis(ms));
  }

  /** An instant to the second, ISO-8601 UTC. */
  static String instant(Instant i) {
    return i == null ? "-" : i.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** {@code 3m12s ago} or {@code in 4.1s}, relative to {@code now}. */
  static String relative(Instant at, Instant now) {
    if (at == null) {
      return "-";
    }
    Duration d = Duration.between(at, now);
    return d.isNegative() ? "in " + human(d.negated()) : human(d) + " ago";
  }
}
