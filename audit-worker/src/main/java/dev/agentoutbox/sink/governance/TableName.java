package dev.agentoutbox.sink.governance;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A validated, possibly qualified table name such as {@code governance}, {@code audit.governance}
 * or {@code main.audit.governance}.
 *
 * <p>Every part must match {@code [A-Za-z_][A-Za-z0-9_]*}: table names are spliced into SQL text,
 * so nothing else is accepted.
 */
public record TableName(List<String> parts) {
  public static final int MAX_PARTS = 3;
  public static final int MAX_PART_LENGTH = 128;
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  public TableName {
    parts = List.copyOf(parts);
    if (parts.isEmpty() || parts.size() > MAX_PARTS) {
      throw new IllegalArgumentException(
          "table: must have 1 to " + MAX_PARTS + " dot-separated parts, was " + parts);
    }
    for (String p : parts) {
      if (p.length() > MAX_PART_LENGTH || !IDENTIFIER.matcher(p).matches()) {
        throw new IllegalArgumentException(
            "table: each part must match "
                + IDENTIFIER.pattern()
                + " (at most "
                + MAX_PART_LENGTH
                + " characters), was '"
                + p
                + "'");
      }
    }
  }

  /** Parses {@code table}, {@code schema.table} or {@code catalog.schema.table}. */
  public static TableName parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("table: must not be blank");
    }
    return new TableName(Arrays.asList(text.trim().split("\\.", -1)));
  }

  /** The last part: the table itself. */
  public String table() {
    return parts.get(parts.size() - 1);
  }

  /** The parts before the table (catalog and/or schema); empty when unqualified. */
  public List<String> qualifier() {
    return parts.subList(0, parts.size() - 1);
  }

  @Override
  public String toString() {
    return String.join(".", parts);
  }
}
