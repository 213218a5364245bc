package dev.agentoutbox.sink.governance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Executes the dialect's idempotent write for a group of rows on a given connection. */
final class RowStatements {
  private final GovernanceDatabase db;
  private final Map<Integer, String> sqlByRows = new ConcurrentHashMap<>();

  RowStatements(GovernanceDatabase db) {
    this.db = db;
  }

  /** Writes at most {@link SqlDialect#maxRowsPerStatement()} rows in one statement. */
  void execute(Connection c, List<GovernanceRow> rows) throws SQLException {
    SqlDialect d = db.dialect();
    String sql = sqlByRows.computeIfAbsent(rows.size(), n -> d.writeSql(db.table(), n));
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setQueryTimeout(db.queryTimeoutSeconds());
      int i = 1;
      for (GovernanceRow row : rows) {
        for (GovernanceColumn column : GovernanceColumn.values()) {
          d.bind(ps, i++, column, row.value(column));
        }
      }
      ps.executeUpdate();
    }
  }
}
