package dev.agentoutbox.sink.governance;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;

/** Instant conversions for JDBC values. */
final class JdbcInstants {
  /** Fixed-width ISO-8601 UTC with microseconds: sorts as text in time order. */
  static final DateTimeFormatter SORTABLE_UTC =
      new DateTimeFormatterBuilder()
          .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
          .appendFraction(ChronoField.MICRO_OF_SECOND, 6, 6, true)
          .appendLiteral('Z')
          .toFormatter()
          .withZone(ZoneOffset.UTC);

  private JdbcInstants() {}

  static String toSortableText(Instant i) {
    return SORTABLE_UTC.format(i);
  }

  /** Converts what a driver returns for a timestamp column; local date-times are taken as UTC. */
  static Instant fromJdbc(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof Instant i) {
      return i;
    }
    if (v instanceof Timestamp t) {
      return t.toInstant();
    }
    if (v instanceof OffsetDateTime o) {
      return o.toInstant();
    }
    if (v instanceof ZonedDateTime z) {
      return z.toInstant();
    }
    if (v instanceof LocalDateTime l) {
      return l.toInstant(ZoneOffset.UTC);
    }
    String s = v.toString().trim();
    try {
      return Instant.parse(s);
    } catch (java.time.format.DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(s).toInstant();
      } catch (java.time.format.DateTimeParseException e2) {
        return LocalDateTime.parse(s.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
      }
    }
  }
}
