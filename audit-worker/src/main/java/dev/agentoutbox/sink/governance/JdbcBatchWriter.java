package dev.agentoutbox.sink.governance;

import dev.agentoutbox.sink.SinkException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a batch with as few statements as the dialect allows: chunks of {@link
 * SqlDialect#maxRowsPerStatement()} rows, all in one transaction where the database has them
 * (otherwise each chunk commits on its own and only the rows of failed chunks fail). When a
 * multi-row batch fails PERMANENTly, its rows are retried one by one so that one bad row does not
 * fail the others.
 */
final class JdbcBatchWriter implements BatchWriter {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcBatchWriter.class);

  private final GovernanceDatabase db;
  private final SchemaInitializer schema;
  private final RowStatements statements;
  private final StatsCounter stats;

  JdbcBatchWriter(
      GovernanceDatabase db,
      SchemaInitializer schema,
      RowStatements statements,
      StatsCounter stats) {
    this.db = db;
    this.schema = schema;
    this.statements = statements;
    this.stats = stats;
  }

  @Override
  public Map<String, WriteFailure> write(List<GovernanceRow> rows) {
    try {
      schema.ensureReady();
    } catch (SQLException | RuntimeException e) {
      String why =
          e instanceof SQLException s
              ? SqlErrorClassifier.describe(s)
              : String.valueOf(e.getMessage());
      // The table not being ready says nothing about the records: never dead-letter them for it.
      return failAll(
          rows, WriteFailure.transientFailure("governance table is not ready: " + why, e));
    }
    Map<String, WriteFailure> failures = writeChunks(rows);
    if (rows.size() > 1 && failures.values().stream().anyMatch(f -> !isTransient(f))) {
      for (GovernanceRow row : rows) {
        WriteFailure f = failures.get(row.auditId());
        if (f != null && !isTransient(f)) {
          Map<String, WriteFailure> single = writeChunks(List.of(row));
          failures.remove(row.auditId());
          failures.putAll(single);
        }
      }
    }
    if (!failures.isEmpty()) {
      logFailures(rows.size(), failures);
    } else if (LOG.isDebugEnabled()) {
      LOG.debug(
          "governance batch of {} written, audit ids {}",
          rows.size(),
          rows.stream().map(GovernanceRow::auditId).toList());
    }
    return failures;
  }

  private Map<String, WriteFailure> writeChunks(List<GovernanceRow> rows) {
    List<List<GovernanceRow>> chunks = partition(rows, db.dialect().maxRowsPerStatement());
    Map<String, WriteFailure> failures = new HashMap<>();
    try (Connection c = db.connection()) {
      if (db.dialect().transactional()) {
        writeInTransaction(c, chunks, failures);
      } else {
        writeEachChunk(c, chunks, failures);
      }
    } catch (SQLException e) {
      for (GovernanceRow row : rows) {
        failures.putIfAbsent(row.auditId(), failure(e));
      }
    }
    return failures;
  }

  /**
   * All chunks in one transaction. A connection that saw a failed transaction is evicted from the
   * pool: drivers can leave it in a state that fails the next, unrelated write (sqlite-jdbc after a
   * BUSY {@code BEGIN}). Failures of BEGIN and COMMIT never depend on the rows: TRANSIENT.
   */
  private void writeInTransaction(
      Connection c, List<List<GovernanceRow>> chunks, Map<String, WriteFailure> failures) {
    WriteFailure failed = null;
    try {
      c.setAutoCommit(false);
    } catch (SQLException e) {
      failed = connectionFailure(e);
    }
    if (failed == null) {
      try {
        for (List<GovernanceRow> chunk : chunks) {
          stats.statement();
          statements.execute(c, chunk);
        }
      } catch (SQLException e) {
        failed = failure(e);
      }
    }
    if (failed == null) {
      try {
        c.commit();
      } catch (SQLException e) {
        failed = connectionFailure(e);
      }
    }
    if (failed == null) {
      try {
        c.setAutoCommit(true);
      } catch (SQLException e) {
        db.discard(c);
      }
      return;
    }
    db.discard(c);
    for (List<GovernanceRow> chunk : chunks) {
      for (GovernanceRow r : chunk) {
        failures.put(r.auditId(), failed);
      }
    }
  }

  private void writeEachChunk(
      Connection c, List<List<GovernanceRow>> chunks, Map<String, WriteFailure> failures) {
    WriteFailure failed = null;
    for (List<GovernanceRow> chunk : chunks) {
      if (failed == null) {
        try {
          stats.statement();
          statements.execute(c, chunk);
          continue;
        } catch (SQLException e) {
          failed = failure(e);
        }
      }
      // after a failure, skip the remaining chunks: the next attempt writes them
      for (GovernanceRow r : chunk) {
        failures.put(r.auditId(), failed);
      }
    }
  }

  private WriteFailure connectionFailure(SQLException e) {
    retireConnectionsIfLost(e);
    return WriteFailure.transientFailure(SqlErrorClassifier.describe(e), e);
  }

  private WriteFailure failure(SQLException e) {
    retireConnectionsIfLost(e);
    return new WriteFailure(SqlErrorClassifier.kind(e), SqlErrorClassifier.describe(e), e);
  }

  /**
   * After a lost connection the other pooled ones are most likely dead too (server restart, network
   * cut): retire them all so that each does not fail one more batch.
   */
  private void retireConnectionsIfLost(SQLException e) {
    if (SqlErrorClassifier.isConnectionLoss(e)) {
      db.retireAllConnections();
    }
  }

  private static boolean isTransient(WriteFailure f) {
    return f.kind() == SinkException.Kind.TRANSIENT;
  }

  static <T> List<List<T>> partition(List<T> items, int size) {
    List<List<T>> parts = new ArrayList<>();
    for (int i = 0; i < items.size(); i += size) {
      parts.add(items.subList(i, Math.min(items.size(), i + size)));
    }
    return parts;
  }

  private static Map<String, WriteFailure> failAll(List<GovernanceRow> rows, WriteFailure f) {
    Map<String, WriteFailure> failures = new HashMap<>();
    rows.forEach(r -> failures.put(r.auditId(), f));
    return failures;
  }

  private static void logFailures(int batchSize, Map<String, WriteFailure> failures) {
    Map<SinkException.Kind, List<String>> ids =
        failures.entrySet().stream()
            .collect(
                Collectors.groupingBy(
                    e -> e.getValue().kind(),
                    Collectors.mapping(Map.Entry::getKey, Collectors.toList())));
    WriteFailure sample = failures.values().iterator().next();
    LOG.warn(
        "governance write failed for {} of {} rows ({}): transient audit ids {} (the worker retries"
            + " them), permanent audit ids {} (the worker dead-letters them)",
        failures.size(),
        batchSize,
        sample.message(),
        ids.getOrDefault(SinkException.Kind.TRANSIENT, List.of()),
        ids.getOrDefault(SinkException.Kind.PERMANENT, List.of()));
  }
}
