package dev.agentoutbox.e2e;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/** Reads the governance table with plain JDBC, the way an auditor would. */
public final class GovernanceQuery {
  private final String url;
  private final Properties props = new Properties();
  private final String table;

  public GovernanceQuery(String url, String user, String password, String table) {
    this.url = url;
    this.table = table;
    if (user != null) {
      props.setProperty("user", user);
    }
    if (password != null) {
      props.setProperty("password", password);
    }
  }

  /** The verification query of the system we replace (BRIEF §1), with its column names. */
  public Optional<Map<String, Object>> latestForUser(String userId) throws SQLException {
    String sql =
        "SELECT session_id, user_id, cost, error_info, timestamp FROM "
            + table
            + " WHERE user_id = ? ORDER BY timestamp DESC LIMIT 1";
    try (Connection c = DriverManager.getConnection(url, props);
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, userId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        Map<String, Object> row = new LinkedHashMap<>();
        for (String col :
            new String[] {"session_id", "user_id", "cost", "error_info", "timestamp"}) {
          row.put(col, rs.getObject(col));
        }
        return Optional.of(row);
      }
    }
  }

  /** One row by audit id, all columns. */
  public Optional<Map<String, Object>> byAuditId(String auditId) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, props);
        PreparedStatement ps =
            c.prepareStatement("SELECT * FROM " + table + " WHERE audit_id = ?")) {
      ps.setString(1, auditId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          row.put(rs.getMetaData().getColumnName(i).toLowerCase(), rs.getObject(i));
        }
        return Optional.of(row);
      }
    }
  }

  /** How many rows each audit id has (ids with none are absent). */
  public Map<String, Integer> counts(Collection<String> auditIds) throws SQLException {
    Map<String, Integer> counts = new HashMap<>();
    try (Connection c = DriverManager.getConnection(url, props);
        PreparedStatement ps =
            c.prepareStatement("SELECT audit_id, COUNT(*) FROM " + table + " GROUP BY audit_id");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String id = rs.getString(1);
        if (auditIds.contains(id)) {
          counts.put(id, rs.getInt(2));
        }
      }
    }
    return counts;
  }
}
