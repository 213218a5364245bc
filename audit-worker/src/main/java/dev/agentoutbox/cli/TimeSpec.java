package dev.agentoutbox.cli;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A point in time given on the command line: an ISO-8601 instant ({@code 2026-12-04T10:00:00Z},
 * {@code 2026-12-04T15:30:00+05:30}), a UTC date ({@code 2026-12-04}), or an age before now ({@code
 * 90s}, {@code 15m}, {@code 2h}, {@code 1d}, {@code 1w}, or ISO {@code PT15M}). Parsing is strict:
 * anything else is refused with an example of each form.
 *
 * @param instant the absolute time, or null for an age
 * @param ago the age, or null for an absolute time
 */
record TimeSpec(Instant instant, Duration ago) {
  static final String FORMS =
      "use an ISO instant like 2026-12-04T10:00:00Z, a UTC date like 2026-12-04,"
          + " or an age like 90s, 15m, 2h, 1d, 1w";

  private static final Pattern AGE = Pattern.compile("(\\d{1,9})(ms|s|m|h|d|w)");

  TimeSpec {
    if ((instant == null) == (ago == null)) {
      throw new IllegalArgumentException("exactly one of instant and ago");
    }
  }

  static TimeSpec parse(String text) {
    Objects.requireNonNull(text, "text");
    String s = text.trim();
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty time: " + FORMS);
    }
    Matcher m = AGE.matcher(s.toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      Duration d =
          switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
          };
      return new TimeSpec(null, d);
    }
    try {
      if (s.startsWith("P") || s.startsWith("p")) {
        Duration d = Duration.parse(s);
        if (d.isNegative()) {
          throw new IllegalArgumentException("'" + text + "' is a negative age: " + FORMS);
        }
        return new TimeSpec(null, d);
      }
      if (s.length() == 10) {
        return new TimeSpec(LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC), null);
      }
      if (s.endsWith("Z") || s.endsWith("z")) {
        return new TimeSpec(Instant.parse(s.toUpperCase(Locale.ROOT)), null);
      }
      return new TimeSpec(OffsetDateTime.parse(s).toInstant(), null);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("cannot read '" + text + "' as a time: " + FORMS);
    } catch (DateTimeException | ArithmeticException e) {
      throw new IllegalArgumentException("'" + text + "' is out of range: " + FORMS);
    }
  }

  /** The instant this spec means when the current time is {@code now}. */
  Instant resolve(Instant now) {
    return instant != null ? instant : now.minus(ago);
  }

  @Override
  public String toString() {
    return instant != null ? instant.toString() : ago + " ago";
  }

  /** picocli converter; picocli names the option in its error message. */
  static final class Converter implements ITypeConverter<TimeSpec> {
    @Override
    public TimeSpec convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
