package dev.agentoutbox.sink.governance;

import java.util.Locale;

/**
 * The columns of the governance table, in the order the sink writes them. The names of {@code
 * session_id}, {@code user_id}, {@code cost}, {@code error_info} and {@code timestamp} are fixed by
 * existing dashboards.
 */
public enum GovernanceColumn {
  AUDIT_ID(Type.TEXT),
  SESSION_ID(Type.TEXT),
  USER_ID(Type.TEXT),
  COUNTRY(Type.TEXT),
  COST(Type.DOUBLE),
  ERROR_INFO(Type.TEXT),
  TIMESTAMP(Type.TIMESTAMP),
  QUERY_ANONYMIZED(Type.TEXT),
  RESPONSE_SUMMARY(Type.TEXT),
  TOTAL_DURATION_MS(Type.BIGINT),
  SCHEMA_VERSION(Type.INT),
  WRITTEN_AT(Type.TIMESTAMP);

  /** Logical column types; each dialect maps them to its SQL types. */
  public enum Type {
    TEXT,
    DOUBLE,
    BIGINT,
    INT,
    TIMESTAMP
  }

  private final Type type;

  GovernanceColumn(Type type) {
    this.type = type;
  }

  /** The SQL column name, lower case. */
  public String sqlName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public Type type() {
    return type;
  }

  /** Number of columns the sink writes per row. */
  public static int count() {
    return values().length;
  }
}
