package dev.agentoutbox.sink.governance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * SQLite (embedded default): one connection, WAL journal, a busy timeout equal to the statement
 * timeout, {@code BEGIN IMMEDIATE} transactions; timestamps are fixed-width ISO-8601 UTC text so
 * that {@code ORDER BY timestamp} sorts in time order.
 */
public final class SqliteDialect implements SqlDialect {
  public static final String URL_PREFIX = "jdbc:sqlite:";

  /** SQLite's default SQLITE_MAX_VARIABLE_NUMBER since 3.32. */
  public static final int MAX_PARAMETERS = 32_766;

  /** One writer: SQLite serializes writes anyway. */
  public static final int DEFAULT_POOL_SIZE = 1;

  @Override
  public int defaultPoolSize() {
    return DEFAULT_POOL_SIZE;
  }

  @Override
  public String name() {
    return "sqlite";
  }

  @Override
  public String driverClassName() {
    return "org.sqlite.JDBC";
  }

  @Override
  public void checkTable(TableName table) {
    if (table.parts().size() != 1) {
      throw new IllegalArgumentException(
          "table: SQLite takes an unqualified table name, was '" + table + "'");
    }
  }

  @Override
  public String quote(String identifier) {
    return "\"" + identifier + "\"";
  }

  @Override
  public String sqlType(GovernanceColumn column) {
    return switch (column.type()) {
      case TEXT, TIMESTAMP -> "TEXT";
      case DOUBLE -> "REAL";
      case BIGINT, INT -> "INTEGER";
    };
  }

  @Override
  public List<String> createTableStatements(TableName table) {
    return List.of(
        SqlText.createTableHead(this, table, " PRIMARY KEY") + ")",
        "CREATE INDEX IF NOT EXISTS "
            + quote(SqlText.indexName(table, 128))
            + " ON "
            + qualified(table)
            + " ("
            + quote(GovernanceColumn.USER_ID.sqlName())
            + ", "
            + quote(GovernanceColumn.TIMESTAMP.sqlName())
            + ")");
  }

  @Override
  public boolean knownToExist(Connection c, TableName table) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
      ps.setString(1, table.table());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
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
  public int poolSize(int configured) {
    return 1;
  }

  @Override
  public Properties driverProperties(GovernanceConfig config) {
    Properties p = new Properties();
    p.setProperty("journal_mode", "WAL");
    p.setProperty("busy_timeout", Long.toString(config.statementTimeout().toMillis()));
    p.setProperty("transaction_mode", "IMMEDIATE");
    p.putAll(config.driverProperties());
    return p;
  }

  @Override
  public void prepare(GovernanceConfig config) {
    databaseFile(config.jdbcUrl())
        .map(Path::toAbsolutePath)
        .map(Path::getParent)
        .ifPresent(
            dir -> {
              try {
                Files.createDirectories(dir);
              } catch (IOException e) {
                throw new UncheckedIOException("cannot create the SQLite directory " + dir, e);
              }
            });
  }

  /** The database file of a {@code jdbc:sqlite:} URL; empty for in-memory databases. */
  static Optional<Path> databaseFile(String jdbcUrl) {
    String rest = jdbcUrl.substring(URL_PREFIX.length());
    int q = rest.indexOf('?');
    if (q >= 0) {
      rest = rest.substring(0, q);
    }
    if (rest.startsWith("file:")) {
      rest = rest.substring("file:".length());
    }
    if (rest.isEmpty() || rest.startsWith(":memory:") || rest.contains("mode=memory")) {
      return Optional.empty();
    }
    return Optional.of(Path.of(rest));
  }

  @Override
  public void bindInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
    ps.setString(index, JdbcInstants.toSortableText(value));
  }

  @Override
  public Instant readInstant(ResultSet rs, int index) throws SQLException {
    String s = rs.getString(index);
    return s == null ? null : Instant.parse(s);
  }
}
