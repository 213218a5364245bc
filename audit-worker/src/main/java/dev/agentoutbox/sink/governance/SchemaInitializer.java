package dev.agentoutbox.sink.governance;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the table can take the sink's rows: creates it when allowed and missing, checks that
 * every column exists, and (on transactional databases) writes a probe row in a transaction it
 * rolls back, which catches a missing unique key on {@code audit_id} or a missing privilege at
 * start-up instead of dead-lettering records. Runs once successfully; until then, every batch tries
 * again.
 */
final class SchemaInitializer {
  private static final Logger LOG = LoggerFactory.getLogger(SchemaInitializer.class);
  static final String PROBE_AUDIT_ID = "00000000-0000-0000-0000-000000000000";

  private final GovernanceDatabase db;
  private final boolean create;
  private final RowStatements statements;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile boolean ready;

  SchemaInitializer(GovernanceDatabase db, boolean create, RowStatements statements) {
    this.db = db;
    this.create = create;
    this.statements = statements;
  }

  boolean isReady() {
    return ready;
  }

  /**
   * @throws SQLException when the database cannot be reached or refuses a statement
   * @throws GovernanceSchemaException when the table cannot take the sink's rows
   */
  void ensureReady() throws SQLException {
    if (ready) {
      return;
    }
    // One thread prepares; the others fail fast instead of queueing behind its timeouts.
    if (!lock.tryLock()) {
      throw new SQLTransientException(
          "governance table " + db.table() + " is being prepared by another thread");
    }
    try {
      if (ready) {
        return;
      }
      try (Connection c = db.connection()) {
        if (create) {
          createIfMissing(c);
        }
        checkColumns(c);
        if (db.dialect().transactional()) {
          probeWrite(c);
        }
      }
      ready = true;
      LOG.info(
          "governance table {} is ready on {} ({})",
          db.table(),
          db.config().redactedJdbcUrl(),
          db.dialect().name());
    } finally {
      lock.unlock();
    }
  }

  private void createIfMissing(Connection c) throws SQLException {
    SqlDialect d = db.dialect();
    if (d.knownToExist(c, db.table())) {
      return;
    }
    List<String> ddl = new ArrayList<>(d.missingContainerStatements(c, db.table()));
    ddl.addAll(d.createTableStatements(db.table()));
    try (Statement s = c.createStatement()) {
      s.setQueryTimeout(db.queryTimeoutSeconds());
      for (String sql : ddl) {
        s.execute(sql);
      }
    } catch (SQLException e) {
      // Two processes creating the table at once: the loser's CREATE can fail although the
      // table now exists. Only a table that still cannot be read is an error.
      try {
        missingColumns(c);
      } catch (SQLException notThere) {
        e.addSuppressed(notThere);
        throw e;
      }
      LOG.info(
          "creating governance table {} failed ({}), but it exists now: continuing",
          db.table(),
          SqlErrorClassifier.describe(e));
    }
  }

  private void checkColumns(Connection c) throws SQLException {
    List<String> missing = missingColumns(c);
    if (!missing.isEmpty()) {
      throw new GovernanceSchemaException(
          "governance table "
              + db.table()
              + " lacks columns "
              + missing
              + ": add them (ALTER TABLE ... ADD COLUMN) or point "
              + GovernanceConfig.ENV_TABLE
              + " at another table");
    }
  }

  /** The sink's columns the table lacks. */
  private List<String> missingColumns(Connection c) throws SQLException {
    try (ResultSet rs = selectNothing(c)) {
      ResultSetMetaData md = rs.getMetaData();
      Set<String> present = new HashSet<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        present.add(md.getColumnName(i).toLowerCase(Locale.ROOT));
      }
      List<String> missing = new ArrayList<>();
      for (GovernanceColumn col : GovernanceColumn.values()) {
        if (!present.contains(col.sqlName())) {
          missing.add(col.sqlName());
        }
      }
      return missing;
    }
  }

  private ResultSet selectNothing(Connection c) throws SQLException {
    Statement s = c.createStatement();
    s.setQueryTimeout(db.queryTimeoutSeconds());
    s.closeOnCompletion();
    try {
      return s.executeQuery("SELECT * FROM " + db.qualifiedTable() + " WHERE 1 = 0");
    } catch (SQLException e) {
      s.close();
      throw e;
    }
  }

  private void probeWrite(Connection c) throws SQLException {
    Instant now = Instant.EPOCH;
    GovernanceRow probe =
        new GovernanceRow(
            PROBE_AUDIT_ID, "probe", "probe", "ZZ", 0.0, "{}", now, "probe", "probe", 0, 1, now);
    boolean clean = false;
    try {
      c.setAutoCommit(false);
      statements.execute(c, List.of(probe));
      c.rollback();
      c.setAutoCommit(true);
      clean = true;
    } catch (SQLException e) {
      if (SqlErrorClassifier.kind(e) == dev.agentoutbox.sink.SinkException.Kind.TRANSIENT) {
        throw e;
      }
      throw new GovernanceSchemaException(
          "governance table "
              + db.table()
              + " refuses the sink's idempotent write: "
              + SqlErrorClassifier.describe(e),
          e);
    } finally {
      if (!clean) {
        db.discard(c);
      }
    }
  }
}
