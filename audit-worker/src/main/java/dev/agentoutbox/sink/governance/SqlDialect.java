package dev.agentoutbox.sink.governance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

/**
 * What differs between the databases the governance table can live in: SQL text, types, quoting,
 * parameter limits and driver settings. Implementations are stateless.
 *
 * <p>Every identifier an implementation splices into SQL comes from {@link TableName} or {@link
 * GovernanceColumn}, both restricted to {@code [A-Za-z_][A-Za-z0-9_]*}; values are always bound as
 * parameters.
 */
public interface SqlDialect {

  /** Picks the dialect from the JDBC URL prefix. */
  static SqlDialect forJdbcUrl(String jdbcUrl) {
    if (jdbcUrl.startsWith(SqliteDialect.URL_PREFIX)) {
      return new SqliteDialect();
    }
    if (jdbcUrl.startsWith(PostgresDialect.URL_PREFIX)) {
      return new PostgresDialect();
    }
    if (jdbcUrl.startsWith(DatabricksDialect.URL_PREFIX)) {
      return new DatabricksDialect();
    }
    throw new IllegalArgumentException(
        "jdbcUrl: must start with "
            + SqliteDialect.URL_PREFIX
            + ", "
            + PostgresDialect.URL_PREFIX
            + " or "
            + DatabricksDialect.URL_PREFIX);
  }

  /** {@code sqlite}, {@code postgresql} or {@code databricks}. */
  String name();

  String driverClassName();

  /**
   * Rejects table names this database cannot address.
   *
   * @throws IllegalArgumentException naming the {@code table} field
   */
  void checkTable(TableName table);

  /** Quotes one identifier part. */
  String quote(String identifier);

  /** The quoted, qualified table name. */
  default String qualified(TableName table) {
    return String.join(".", table.parts().stream().map(this::quote).toList());
  }

  /** The SQL type of a column in CREATE TABLE. */
  String sqlType(GovernanceColumn column);

  /** Statements creating the table (and its index) when missing; each is idempotent. */
  List<String> createTableStatements(TableName table);

  /**
   * Statements creating what must exist before the table (e.g. its schema), checked against the
   * live database; empty when nothing is missing or the dialect does not create it.
   */
  default List<String> missingContainerStatements(Connection c, TableName table)
      throws SQLException {
    return List.of();
  }

  /**
   * Whether the table is known to exist, so that CREATE TABLE can be skipped (it needs privileges a
   * writer may lack). {@code false} means "unknown or missing".
   */
  default boolean knownToExist(Connection c, TableName table) throws SQLException {
    return false;
  }

  /** Most bind parameters one statement may carry. */
  int maxParametersPerStatement();

  /** Most rows one write statement may carry. */
  default int maxRowsPerStatement() {
    return Math.max(1, maxParametersPerStatement() / GovernanceColumn.count());
  }

  /**
   * The idempotent write of {@code rows} rows: inserts those whose {@code audit_id} is absent,
   * ignores the others. Parameters are bound row by row in {@link GovernanceColumn} order.
   */
  String writeSql(TableName table, int rows);

  /** Whether several statements can be committed atomically (false: each statement commits). */
  boolean transactional();

  /** The pool size when none is configured: how many batches are written at once. */
  int defaultPoolSize();

  /** The pool size to use given the configured one. */
  default int poolSize(int configured) {
    return configured;
  }

  /**
   * Whether the pool keeps idle connections open. Databricks does not, so that an idle worker does
   * not keep sessions open on the warehouse.
   */
  default boolean keepIdleConnections() {
    return true;
  }

  /** Driver connection properties: credentials, timeouts, session settings. */
  Properties driverProperties(GovernanceConfig config);

  /** Local preparation before the first connection (e.g. create the SQLite file's directory). */
  default void prepare(GovernanceConfig config) {}

  /** Binds one value of {@code column} ({@link GovernanceRow#value} types). */
  default void bind(PreparedStatement ps, int index, GovernanceColumn column, Object value)
      throws SQLException {
    switch (column.type()) {
      case TEXT -> ps.setString(index, (String) value);
      case DOUBLE -> ps.setDouble(index, (Double) value);
      case BIGINT -> ps.setLong(index, (Long) value);
      case INT -> ps.setInt(index, (Integer) value);
      case TIMESTAMP -> bindInstant(ps, index, (Instant) value);
    }
  }

  void bindInstant(PreparedStatement ps, int index, Instant value) throws SQLException;

  /** Reads a timestamp column as an instant. */
  default Instant readInstant(ResultSet rs, int index) throws SQLException {
    return JdbcInstants.fromJdbc(rs.getObject(index));
  }
}
