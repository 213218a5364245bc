package dev.agentoutbox.sink.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** SQL generation for Databricks SQL; no warehouse is reachable from tests. */
class DatabricksDialectTest {
  private static final String URL =
      "jdbc:databricks://adb-123.azuredatabricks.net:443;httpPath=/sql/1.0/warehouses/abc;"
          + "AuthMech=3;UID=token";
  private final DatabricksDialect dialect = new DatabricksDialect();
  private final TableName table = TableName.parse("main.audit.governance");

  private static final String COLUMNS =
      "`audit_id`, `session_id`, `user_id`, `country`, `cost`, `error_info`, `timestamp`,"
          + " `query_anonymized`, `response_summary`, `total_duration_ms`, `schema_version`,"
          + " `written_at`";
  private static final String CAST_ROW =
      "(CAST(? AS STRING), CAST(? AS STRING), CAST(? AS STRING), CAST(? AS STRING),"
          + " CAST(? AS DOUBLE), CAST(? AS STRING), CAST(? AS TIMESTAMP), CAST(? AS STRING),"
          + " CAST(? AS STRING), CAST(? AS BIGINT), CAST(? AS INT), CAST(? AS TIMESTAMP))";

  @Test
  void isChosenByTheUrlPrefix() {
    assertThat(SqlDialect.forJdbcUrl(URL)).isInstanceOf(DatabricksDialect.class);
    assertThat(SqlDialect.forJdbcUrl("jdbc:sqlite:x.db")).isInstanceOf(SqliteDialect.class);
    assertThat(SqlDialect.forJdbcUrl("jdbc:postgresql://h/db")).isInstanceOf(PostgresDialect.class);
    assertThatThrownBy(() -> SqlDialect.forJdbcUrl("jdbc:mysql://h/db"))
        .hasMessageStartingWith("jdbcUrl:");
  }

  @Test
  void quotesEveryPartOfCatalogSchemaTable() {
    assertThat(dialect.qualified(table)).isEqualTo("`main`.`audit`.`governance`");
    assertThat(dialect.qualified(TableName.parse("governance"))).isEqualTo("`governance`");
  }

  @Test
  void mergeIsAnInsertOnlyMergeOnAuditId() {
    assertThat(dialect.writeSql(table, 2))
        .isEqualTo(
            "MERGE INTO `main`.`audit`.`governance` AS t USING (VALUES "
                + CAST_ROW
                + ", "
                + CAST_ROW
                + ") AS s("
                + COLUMNS
                + ") ON t.`audit_id` = s.`audit_id` WHEN NOT MATCHED THEN INSERT ("
                + COLUMNS
                + ") VALUES (s.`audit_id`, s.`session_id`, s.`user_id`, s.`country`, s.`cost`,"
                + " s.`error_info`, s.`timestamp`, s.`query_anonymized`, s.`response_summary`,"
                + " s.`total_duration_ms`, s.`schema_version`, s.`written_at`)");
    assertThat(dialect.writeSql(table, 1)).doesNotContain("UPDATE").doesNotContain("DELETE");
  }

  @Test
  void aStatementCarriesAtMost256Parameters() {
    int rows = dialect.maxRowsPerStatement();

    assertThat(rows).isEqualTo(256 / GovernanceColumn.count()).isEqualTo(21);
    assertThat(placeholders(dialect.writeSql(table, rows))).isEqualTo(rows * 12).isLessThan(257);
    assertThatThrownBy(() -> dialect.writeSql(table, rows + 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void batchesAreSplitIntoChunksOfWholeRowsWithinTheParameterLimit() {
    List<Integer> rows = IntStream.range(0, 100).boxed().toList();

    List<List<Integer>> chunks = JdbcBatchWriter.partition(rows, dialect.maxRowsPerStatement());

    assertThat(chunks).extracting(List::size).containsExactly(21, 21, 21, 21, 16);
    assertThat(chunks.stream().flatMap(List::stream).toList()).isEqualTo(rows);
    for (List<Integer> chunk : chunks) {
      assertThat(placeholders(dialect.writeSql(table, chunk.size()))).isLessThanOrEqualTo(256);
    }
    assertThat(JdbcBatchWriter.partition(Collections.nCopies(21, 0), 21)).hasSize(1);
  }

  @Test
  void createTableIsADeltaTableWithoutPrimaryKey() {
    List<String> ddl = dialect.createTableStatements(table);

    assertThat(ddl).hasSize(1);
    assertThat(ddl.get(0))
        .startsWith(
            "CREATE TABLE IF NOT EXISTS `main`.`audit`.`governance` (`audit_id` STRING NOT NULL,"
                + " `session_id` STRING NOT NULL,")
        .contains("`cost` DOUBLE NOT NULL")
        .contains("`error_info` STRING NOT NULL")
        .contains("`timestamp` TIMESTAMP NOT NULL")
        .contains("`total_duration_ms` BIGINT NOT NULL")
        .contains("`schema_version` INT NOT NULL")
        .contains(") USING DELTA")
        .doesNotContain("PRIMARY KEY");
  }

  @Test
  void theTokenIsThePwdProperty() {
    GovernanceConfig config =
        GovernanceConfig.fromEnv(
            java.util.Map.of(
                "GOVERNANCE_JDBC_URL", URL,
                "GOVERNANCE_TABLE", "main.audit.governance",
                "DATABRICKS_TOKEN", "dapi-secret"));

    Properties p = dialect.driverProperties(config);

    assertThat(p.getProperty("PWD")).isEqualTo("dapi-secret");
    assertThat(p).doesNotContainKey("UID");
    assertThat(config.toString()).doesNotContain("dapi-secret");
    assertThat(dialect.transactional()).isFalse();
    assertThat(dialect.keepIdleConnections()).isFalse();
  }

  @Test
  void oauthClientCredentialsBecomeDriverProperties() {
    GovernanceConfig config =
        GovernanceConfig.fromEnv(
            java.util.Map.of(
                "GOVERNANCE_JDBC_URL",
                "jdbc:databricks://h:443;httpPath=/sql/1.0/warehouses/abc;AuthMech=11;Auth_Flow=1",
                "DATABRICKS_CLIENT_ID",
                "client",
                "DATABRICKS_CLIENT_SECRET",
                "shh"));

    Properties p = dialect.driverProperties(config);

    assertThat(p.getProperty("OAuth2ClientId")).isEqualTo("client");
    assertThat(p.getProperty("OAuth2Secret")).isEqualTo("shh");
    assertThat(config.toString()).doesNotContain("shh").doesNotContain("AuthMech");
  }

  private static long placeholders(String sql) {
    return sql.chars().filter(c -> c == '?').count();
  }
}
