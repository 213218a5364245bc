package dev.agentoutbox.sink.governance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * PostgreSQL: {@code audit_id} primary key, {@code INSERT ... ON CONFLICT DO NOTHING}, {@code
 * TIMESTAMPTZ}. Identifiers are folded to lower case before quoting, so {@code Audit.Governance}
 * names the same table an unquoted query would.
 */
public final class PostgresDialect implements SqlDialect {
  public static final String URL_PREFIX = "jdbc:postgresql:";

  /** The protocol's limit is 65535; stay well below it. */
  public static final int MAX_PARAMETERS = 32_767;

  private static final int MAX_IDENTIFIER_LENGTH = 63;

  /** Four batches at once. */
  public static final int DEFAULT_POOL_SIZE = 4;

  @Override
  public int defaultPoolSize() {
    return DEFAULT_POOL_SIZE;
  }

  @Override
  public String name() {
    return "postgresql";
  }

  @Override
  public String driverClassName() {
    return "org.postgresql.Driver";
  }

  @Override
  public void checkTable(TableName table) {
    if (table.parts().size() > 2) {
      throw new IllegalArgumentException(
          "table: PostgreSQL takes table or schema.table, was '" + table + "'");
    }
  }

  @Override
  public String quote(String identifier) {
    return "\"" + identifier.toLowerCase(Locale.ROOT) + "\"";
  }

  @Override
  public String sqlType(GovernanceColumn column) {
    return switch (column.type()) {
      case TEXT -> "TEXT";
      case DOUBLE -> "DOUBLE PRECISION";
      case BIGINT -> "BIGINT";
      case INT -> "INTEGER";
      case TIMESTAMP -> "TIMESTAMPTZ";
    };
  }

  @Override
  public List<String> createTableStatements(TableName table) {
    String schema = table.qualifier().isEmpty() ? "" : quote(table.qualifier().get(0)) + ".";
    return List.of(
        SqlText.createTableHead(this, table, " PRIMARY KEY") + ")",
        "CREATE INDEX IF NOT EXISTS "
            + quote(SqlText.indexName(table, MAX_IDENTIFIER_LENGTH))
            + " ON "
            + schema
            + quote(table.table())
            + " ("
            + quote(GovernanceColumn.USER_ID.sqlName())
            + ", "
            + quote(GovernanceColumn.TIMESTAMP.sqlName())
            + ")");
  }

  @Override
  public List<String> missingContainerStatements(Connection c, TableName table)
      throws SQLException {
    if (table.qualifier().isEmpty()) {
      return List.of();
    }
    String schema = table.qualifier().get(0);
    try (PreparedStatement ps =
        c.prepareStatement("SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = ?")) {
      ps.setString(1, schema.toLowerCase(Locale.ROOT));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? List.of() : List.of("CREATE SCHEMA IF NOT EXISTS " + quote(schema));
      }
    }
  }

  @Override
  public boolean knownToExist(Connection c, TableName table) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?)")) {
      ps.setString(1, qualified(table));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getObject(1) != null;
      }
    }
  }

  @Override
  public int maxParametersPerStatement() {
    return MAX_PARAMETERS;
  }

  @Override
  public String writeSql(TableName table, int rows) {
    return SqlText.insertOnConflictDoNothing(this, table, rows);
  }

  @Override
  public boolean transactional() {
    return true;
  }

  @Override
  public Properties driverProperties(GovernanceConfig config) {
    Properties p = new Properties();
    if (config.user() != null) {
      p.setProperty("user", config.user());
    }
    if (config.password() != null) {
      p.setProperty("password", config.password());
    }
    p.setProperty(
        "connectTimeout", Long.toString(GovernanceConfig.ceilSeconds(config.connectTimeout())));
    // A read blocked on a dead peer must end even when the server cannot cancel the statement.
    p.setProperty("socketTimeout", Long.toString(2L * config.statementTimeoutSeconds()));
    p.setProperty("tcpKeepAlive", "true");
    p.setProperty("ApplicationName", "agent-outbox-governance");
    p.putAll(config.driverProperties());
    return p;
  }

  @Override
  public void bindInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
    ps.setObject(index, OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
  }

  @Override
  public Instant readInstant(ResultSet rs, int index) throws SQLException {
    OffsetDateTime t = rs.getObject(index, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }
}
