package dev.agentoutbox.sink.governance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads the governance table for verification and the operator CLI. Never creates or changes
 * anything.
 */
public final class GovernanceReader implements AutoCloseable {
  /** Reader pools stay small: the CLI and verification run a few queries at a time. */
  public static final int MAX_POOL_SIZE = 2;

  /** Ids per {@code IN (...)} query, within every dialect's parameter limit. */
  static final int IDS_PER_QUERY = 200;

  private final GovernanceDatabase db;
  private final boolean ownsDatabase;

  private GovernanceReader(GovernanceDatabase db, boolean ownsDatabase) {
    this.db = db;
    this.ownsDatabase = ownsDatabase;
  }

  /** A reader with its own small pool; close it when done. */
  public static GovernanceReader open(GovernanceConfig config) {
    return new GovernanceReader(GovernanceDatabase.open(config, MAX_POOL_SIZE, "reader"), true);
  }

  static GovernanceReader shared(GovernanceDatabase db) {
    return new GovernanceReader(db, false);
  }

  /**
   * The row of {@code auditId}; the first one if there are several (see {@link #countByAuditId}).
   */
  public Optional<GovernanceRecord> find(String auditId) throws SQLException {
    String sql =
        "SELECT "
            + SqlText.columns(c -> db.dialect().quote(c.sqlName()))
            + " FROM "
            + db.qualifiedTable()
            + " WHERE "
            + col(GovernanceColumn.AUDIT_ID)
            + " = ?";
    try (Connection c = db.connection();
        PreparedStatement ps = prepare(c, sql)) {
      ps.setString(1, auditId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(record(rs)) : Optional.empty();
      }
    }
  }

  /**
   * How many rows each id has: 0 when missing, more than 1 when duplicated (possible only on
   * Databricks, where no key is enforced). Every requested id is in the answer.
   */
  public Map<String, Integer> countByAuditId(Collection<String> ids) throws SQLException {
    List<String> distinct = new ArrayList<>(new LinkedHashSet<>(ids));
    Map<String, Integer> counts = new LinkedHashMap<>();
    distinct.forEach(id -> counts.put(id, 0));
    if (distinct.isEmpty()) {
      return counts;
    }
    try (Connection c = db.connection()) {
      for (List<String> part : JdbcBatchWriter.partition(distinct, IDS_PER_QUERY)) {
        String sql =
            "SELECT "
                + col(GovernanceColumn.AUDIT_ID)
                + ", COUNT(*) FROM "
                + db.qualifiedTable()
                + " WHERE "
                + col(GovernanceColumn.AUDIT_ID)
                + " IN ("
                + part.stream().map(id -> "?").collect(Collectors.joining(", "))
                + ") GROUP BY "
                + col(GovernanceColumn.AUDIT_ID);
        try (PreparedStatement ps = prepare(c, sql)) {
          for (int i = 0; i < part.size(); i++) {
            ps.setString(i + 1, part.get(i));
          }
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              counts.put(rs.getString(1), (int) rs.getLong(2));
            }
          }
        }
      }
    }
    return counts;
  }

  /** The number of rows in the table. */
  public long countRows() throws SQLException {
    try (Connection c = db.connection();
        PreparedStatement ps = prepare(c, "SELECT COUNT(*) FROM " + db.qualifiedTable());
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * The users' verification query for {@code userId}: its latest row by {@code timestamp}. See
   * {@link #latestForUserSql()}.
   */
  public Optional<VerificationRow> latestForUser(String userId) throws SQLException {
    try (Connection c = db.connection();
        PreparedStatement ps = prepare(c, latestForUserSql())) {
      ps.setString(1, userId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new VerificationRow(
                rs.getString(1),
                rs.getString(2),
                rs.getDouble(3),
                rs.getString(4),
                db.dialect().readInstant(rs, 5)));
      }
    }
  }

  /**
   * {@code SELECT session_id, user_id, cost, error_info, timestamp FROM <table> WHERE user_id = ?
   * ORDER BY timestamp DESC LIMIT 1}, quoted for the dialect.
   */
  public String latestForUserSql() {
    return "SELECT "
        + String.join(
            ", ",
            col(GovernanceColumn.SESSION_ID),
            col(GovernanceColumn.USER_ID),
            col(GovernanceColumn.COST),
            col(GovernanceColumn.ERROR_INFO),
            col(GovernanceColumn.TIMESTAMP))
        + " FROM "
        + db.qualifiedTable()
        + " WHERE "
        + col(GovernanceColumn.USER_ID)
        + " = ? ORDER BY "
        + col(GovernanceColumn.TIMESTAMP)
        + " DESC LIMIT 1";
  }

  /** The table this reader reads, qualified and quoted. */
  public String qualifiedTable() {
    return db.qualifiedTable();
  }

  private String col(GovernanceColumn c) {
    return db.dialect().quote(c.sqlName());
  }

  private PreparedStatement prepare(Connection c, String sql) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    ps.setQueryTimeout(db.queryTimeoutSeconds());
    return ps;
  }

  private GovernanceRecord record(ResultSet rs) throws SQLException {
    SqlDialect d = db.dialect();
    return new GovernanceRecord(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getDouble(5),
        rs.getString(6),
        d.readInstant(rs, 7),
        rs.getString(8),
        rs.getString(9),
        rs.getLong(10),
        rs.getInt(11),
        d.readInstant(rs, 12));
  }

  @Override
  public void close() {
    if (ownsDatabase) {
      db.close();
    }
  }
}
