package dev.agentoutbox.sink.governance;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/** SQL fragments shared by the dialects. */
final class SqlText {
  private SqlText() {}

  /** {@code "a", "b", ...} over every column, each passed through {@code f}. */
  static String columns(Function<GovernanceColumn, String> f) {
    return Arrays.stream(GovernanceColumn.values()).map(f).collect(Collectors.joining(", "));
  }

  /** {@code (p1, p2, ...), (p1, p2, ...)} for {@code rows} rows. */
  static String valueRows(int rows, Function<GovernanceColumn, String> placeholder) {
    if (rows < 1) {
      throw new IllegalArgumentException("rows: must be >= 1, was " + rows);
    }
    String row = "(" + columns(placeholder) + ")";
    StringBuilder sb = new StringBuilder(rows * (row.length() + 2));
    for (int i = 0; i < rows; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(row);
    }
    return sb.toString();
  }

  /**
   * {@code CREATE TABLE IF NOT EXISTS t (col TYPE NOT NULL, ...} without the closing parenthesis.
   */
  static String createTableHead(SqlDialect d, TableName table, String auditIdSuffix) {
    return "CREATE TABLE IF NOT EXISTS "
        + d.qualified(table)
        + " ("
        + columns(
            c ->
                d.quote(c.sqlName())
                    + " "
                    + d.sqlType(c)
                    + " NOT NULL"
                    + (c == GovernanceColumn.AUDIT_ID ? auditIdSuffix : ""));
  }

  /**
   * The standard idempotent insert: {@code INSERT ... VALUES ... ON CONFLICT (audit_id) DO
   * NOTHING}.
   */
  static String insertOnConflictDoNothing(SqlDialect d, TableName table, int rows) {
    return "INSERT INTO "
        + d.qualified(table)
        + " ("
        + columns(c -> d.quote(c.sqlName()))
        + ") VALUES "
        + valueRows(rows, c -> "?")
        + " ON CONFLICT ("
        + d.quote(GovernanceColumn.AUDIT_ID.sqlName())
        + ") DO NOTHING";
  }

  /** The name of the (user_id, timestamp) index of a table. */
  static String indexName(TableName table, int maxLength) {
    String name = table.table() + "_user_ts_idx";
    return name.length() <= maxLength ? name : name.substring(0, maxLength);
  }
}
