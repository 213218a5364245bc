package dev.agentoutbox.sink.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SQL text of the SQLite and PostgreSQL dialects (behaviour is covered by the contract tests). */
class SqlDialectTest {
  private static final String QUOTED_COLUMNS =
      "\"audit_id\", \"session_id\", \"user_id\", \"country\", \"cost\", \"error_info\","
          + " \"timestamp\", \"query_anonymized\", \"response_summary\", \"total_duration_ms\","
          + " \"schema_version\", \"written_at\"";

  @Test
  void postgresInsertsWithOnConflictDoNothingAndFoldsIdentifiers() {
    String sql = new PostgresDialect().writeSql(TableName.parse("Audit.Governance"), 2);

    assertThat(sql)
        .isEqualTo(
            "INSERT INTO \"audit\".\"governance\" ("
                + QUOTED_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?) ON CONFLICT (\"audit_id\") DO NOTHING");
  }

  @Test
  void postgresCreatesTimestamptzAndDoublePrecisionWithPrimaryKey() {
    List<String> ddl = new PostgresDialect().createTableStatements(TableName.parse("a.g"));

    assertThat(ddl.get(0))
        .startsWith(
            "CREATE TABLE IF NOT EXISTS \"a\".\"g\" (\"audit_id\" TEXT NOT NULL PRIMARY KEY")
        .contains("\"cost\" DOUBLE PRECISION NOT NULL")
        .contains("\"timestamp\" TIMESTAMPTZ NOT NULL");
    assertThat(ddl.get(1))
        .isEqualTo(
            "CREATE INDEX IF NOT EXISTS \"g_user_ts_idx\" ON \"a\".\"g\" (\"user_id\","
                + " \"timestamp\")");
  }

  @Test
  void sqliteStoresSortableTimestampsAndRealCost() {
    SqliteDialect d = new SqliteDialect();
    String ddl = d.createTableStatements(TableName.parse("governance")).get(0);

    assertThat(ddl)
        .contains("\"audit_id\" TEXT NOT NULL PRIMARY KEY")
        .contains("\"cost\" REAL NOT NULL")
        .contains("\"timestamp\" TEXT NOT NULL");
    assertThat(d.writeSql(TableName.parse("governance"), 1))
        .endsWith("ON CONFLICT (\"audit_id\") DO NOTHING");
    assertThat(d.poolSize(8)).isEqualTo(1);
    assertThat(JdbcInstants.toSortableText(Instant.parse("2026-01-02T03:04:05Z")))
        .isEqualTo("2026-01-02T03:04:05.000000Z");
    assertThat(JdbcInstants.toSortableText(Instant.parse("2026-01-02T03:04:05.5Z")))
        .isEqualTo("2026-01-02T03:04:05.500000Z")
        .isGreaterThan(JdbcInstants.toSortableText(Instant.parse("2026-01-02T03:04:05Z")));
  }

  @Test
  void sqliteFindsTheDatabaseFileOfItsUrl() {
    assertThat(SqliteDialect.databaseFile("jdbc:sqlite:data/governance.db"))
        .contains(Path.of("data/governance.db"));
    assertThat(SqliteDialect.databaseFile("jdbc:sqlite:file:/tmp/x/g.db?cache=shared"))
        .contains(Path.of("/tmp/x/g.db"));
    assertThat(SqliteDialect.databaseFile("jdbc:sqlite::memory:")).isEmpty();
    assertThat(SqliteDialect.databaseFile("jdbc:sqlite:")).isEmpty();
  }
}
