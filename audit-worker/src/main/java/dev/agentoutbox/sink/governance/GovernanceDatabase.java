package dev.agentoutbox.sink.governance;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/** The connection pool to the governance database, with its dialect and table. */
final class GovernanceDatabase implements AutoCloseable {
  private static final Duration MAX_VALIDATION_TIMEOUT = Duration.ofSeconds(5);

  private final GovernanceConfig config;
  private final SqlDialect dialect;
  private final HikariDataSource pool;
  private final int poolSize;
  private final String qualifiedTable;

  private GovernanceDatabase(GovernanceConfig config, HikariDataSource pool, int poolSize) {
    this.config = config;
    this.dialect = config.dialect();
    this.pool = pool;
    this.poolSize = poolSize;
    this.qualifiedTable = dialect.qualified(config.table());
  }

  /**
   * Creates the pool without connecting: an unreachable database shows up as TRANSIENT failures of
   * the first statements, not as a failure here.
   *
   * @param maxPoolSize upper bound on top of the configured and dialect limits
   */
  static GovernanceDatabase open(GovernanceConfig config, int maxPoolSize, String purpose) {
    SqlDialect dialect = config.dialect();
    dialect.prepare(config);
    int size = Math.max(1, Math.min(maxPoolSize, dialect.poolSize(config.poolSize())));
    HikariConfig hc = new HikariConfig();
    hc.setPoolName("governance-" + purpose);
    hc.setDataSource(
        new DriverDataSource(
            dialect.driverClassName(), config.jdbcUrl(), dialect.driverProperties(config)));
    hc.setMaximumPoolSize(size);
    hc.setMinimumIdle(dialect.keepIdleConnections() ? size : 0);
    hc.setConnectionTimeout(config.connectTimeout().toMillis());
    hc.setValidationTimeout(
        Math.max(
            GovernanceConfig.MIN_CONNECT_TIMEOUT.toMillis(),
            Math.min(MAX_VALIDATION_TIMEOUT.toMillis(), config.connectTimeout().toMillis())));
    hc.setInitializationFailTimeout(-1);
    hc.setAutoCommit(true);
    return new GovernanceDatabase(config, new HikariDataSource(hc), size);
  }

  Connection connection() throws SQLException {
    return pool.getConnection();
  }

  /**
   * Rolls back and retires a borrowed connection whose state is doubtful after a failed
   * transaction; the pool closes it when it is given back. (Hikari closes an evicted connection at
   * once, breaking its later return, unless it is back in auto-commit mode: hence the order.)
   */
  void discard(Connection c) {
    try {
      c.rollback();
    } catch (SQLException e) {
      // the connection may have no transaction or be broken: it is retired anyway
    }
    try {
      c.setAutoCommit(true);
    } catch (SQLException e) {
      // same
    }
    try {
      if (c.getAutoCommit()) {
        pool.evictConnection(c);
      }
    } catch (SQLException e) {
      // a broken connection: the pool marks it broken on its own
    }
  }

  /** Retires every idle connection (and busy ones when given back), e.g. after the server died. */
  void retireAllConnections() {
    if (pool.getHikariPoolMXBean() != null) {
      pool.getHikariPoolMXBean().softEvictConnections();
    }
  }

  GovernanceConfig config() {
    return config;
  }

  SqlDialect dialect() {
    return dialect;
  }

  TableName table() {
    return config.table();
  }

  String qualifiedTable() {
    return qualifiedTable;
  }

  int poolSize() {
    return poolSize;
  }

  int queryTimeoutSeconds() {
    return config.statementTimeoutSeconds();
  }

  /** Whether a connection can be had and is valid; never throws. */
  boolean isReachable() {
    if (pool.isClosed()) {
      return false;
    }
    try (Connection c = pool.getConnection()) {
      return c.isValid(queryTimeoutSeconds());
    } catch (SQLException | RuntimeException e) {
      return false;
    }
  }

  boolean isClosed() {
    return pool.isClosed();
  }

  @Override
  public void close() {
    pool.close();
  }
}
