package dev.agentoutbox.agent.anonymize;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A PII value known in advance (from the member record), replaced wherever it appears, ignoring
 * case.
 *
 * @param type the token kind
 * @param value the literal text
 */
public record KnownPii(PiiType type, String value) {
  public KnownPii {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(value, "value");
    if (value.isBlank()) {
      throw new IllegalArgumentException("value must not be blank");
    }
  }

  /** Matches the value as a whole word (never inside a token), ignoring case. */
  public Pattern pattern() {
    return wordPattern(value);
  }

  /** Matches {@code literal} as a whole word, never inside a token, ignoring case. */
  public static Pattern wordPattern(String literal) {
    return Pattern.compile(
        "(?<![\\p{L}\\d_<])" + Pattern.quote(literal) + "(?![\\p{L}\\d_>])",
        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  }
}
