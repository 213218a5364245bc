package dev.agentoutbox.sink.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GovernanceConfigTest {

  @Test
  void defaultsToAnEmbeddedSqliteTable() {
    GovernanceConfig c = GovernanceConfig.fromEnv(Map.of());

    assertThat(c.jdbcUrl()).isEqualTo("jdbc:sqlite:data/governance.db");
    assertThat(c.table()).hasToString("governance");
    assertThat(c.dialect()).isInstanceOf(SqliteDialect.class);
    assertThat(c.createTable()).isTrue();
    assertThat(c.poolSize()).isEqualTo(1);
    assertThat(c.batchWindow()).isEqualTo(GovernanceConfig.DEFAULT_BATCH_WINDOW);
    assertThat(c.maxBatchSize()).isEqualTo(100);
    assertThat(c.statementTimeout()).isEqualTo(GovernanceConfig.DEFAULT_STATEMENT_TIMEOUT);
    assertThat(c.user()).isNull();
    assertThat(c.password()).isNull();
  }

  @Test
  void thePoolSizeDefaultsPerDialect() {
    assertThat(GovernanceConfig.builder().jdbcUrl("jdbc:postgresql://h/db").build().poolSize())
        .isEqualTo(4);
    assertThat(
            GovernanceConfig.builder()
                .jdbcUrl("jdbc:databricks://h:443;httpPath=/x")
                .build()
                .poolSize())
        .isEqualTo(8);
    assertThat(
            GovernanceConfig.builder()
                .jdbcUrl("jdbc:databricks://h:443;httpPath=/x")
                .poolSize(2)
                .build()
                .poolSize())
        .isEqualTo(2);
  }

  @Test
  void readsEveryVariable() {
    GovernanceConfig c =
        GovernanceConfig.fromEnv(
            Map.ofEntries(
                Map.entry("GOVERNANCE_JDBC_URL", "jdbc:postgresql://db:5432/audit"),
                Map.entry("GOVERNANCE_TABLE", "audit.governance"),
                Map.entry("GOVERNANCE_JDBC_USER", "writer"),
                Map.entry("GOVERNANCE_JDBC_PASSWORD", "s3cret"),
                Map.entry("DATABRICKS_TOKEN", "ignored-for-postgres"),
                Map.entry("GOVERNANCE_POOL_SIZE", "6"),
                Map.entry("GOVERNANCE_CONNECT_TIMEOUT_MS", "2500"),
                Map.entry("GOVERNANCE_STATEMENT_TIMEOUT_MS", "1500"),
                Map.entry("GOVERNANCE_WRITE_TIMEOUT_MS", "9000"),
                Map.entry("GOVERNANCE_CREATE_TABLE", "false"),
                Map.entry("GOVERNANCE_BATCH_WINDOW_MS", "0"),
                Map.entry("GOVERNANCE_BATCH_MAX_SIZE", "1"),
                Map.entry("GOVERNANCE_QUEUE_CAPACITY", "50")));

    assertThat(c.table().parts()).containsExactly("audit", "governance");
    assertThat(c.user()).isEqualTo("writer");
    assertThat(c.password()).isEqualTo("s3cret");
    assertThat(c.poolSize()).isEqualTo(6);
    assertThat(c.connectTimeout()).isEqualTo(Duration.ofMillis(2500));
    assertThat(c.statementTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(c.statementTimeoutSeconds()).isEqualTo(2);
    assertThat(c.writeTimeout()).isEqualTo(Duration.ofSeconds(9));
    assertThat(c.createTable()).isFalse();
    assertThat(c.batchWindow()).isZero();
    assertThat(c.maxBatchSize()).isEqualTo(1);
    assertThat(c.queueCapacity()).isEqualTo(50);
    assertThat(c.toString()).doesNotContain("s3cret");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "governance; DROP TABLE users",
        "gov\"ernance",
        "gov`ernance",
        "1governance",
        "a..b",
        "a.b.c.d",
        "gov-ernance",
        " "
      })
  void rejectsTableNamesThatAreNotPlainIdentifiers(String table) {
    assertThatThrownBy(
            () ->
                GovernanceConfig.builder()
                    .jdbcUrl("jdbc:databricks://h:443;httpPath=/x")
                    .table(table)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("table:");
  }

  @Test
  void acceptsCatalogSchemaTableOnDatabricksOnly() {
    assertThat(
            GovernanceConfig.builder()
                .jdbcUrl("jdbc:databricks://h:443;httpPath=/x")
                .table("main.audit.governance")
                .build()
                .table()
                .parts())
        .containsExactly("main", "audit", "governance");
    assertThatThrownBy(
            () ->
                GovernanceConfig.builder()
                    .jdbcUrl("jdbc:postgresql://h/db")
                    .table("main.audit.governance")
                    .build())
        .hasMessageStartingWith("table:");
  }

  @Test
  void namesTheOffendingVariable() {
    assertThatThrownBy(() -> GovernanceConfig.fromEnv(Map.of("GOVERNANCE_POOL_SIZE", "lots")))
        .hasMessageStartingWith("GOVERNANCE_POOL_SIZE:");
    assertThatThrownBy(() -> GovernanceConfig.fromEnv(Map.of("GOVERNANCE_POOL_SIZE", "0")))
        .hasMessageStartingWith("GOVERNANCE_POOL_SIZE (poolSize): must be >= 1");
    assertThatThrownBy(() -> GovernanceConfig.fromEnv(Map.of("GOVERNANCE_CREATE_TABLE", "maybe")))
        .hasMessageStartingWith("GOVERNANCE_CREATE_TABLE:");
    assertThatThrownBy(() -> GovernanceConfig.fromEnv(Map.of("GOVERNANCE_TABLE", "x;y")))
        .hasMessageStartingWith("GOVERNANCE_TABLE (table):");
    assertThatThrownBy(
            () -> GovernanceConfig.fromEnv(Map.of("GOVERNANCE_JDBC_URL", "jdbc:oracle:thin:@x")))
        .hasMessageStartingWith("GOVERNANCE_JDBC_URL (jdbcUrl):");
  }

  @Test
  void validatesEveryField() {
    assertThatThrownBy(() -> GovernanceConfig.builder().maxBatchSize(0).build())
        .hasMessageStartingWith("maxBatchSize:");
    assertThatThrownBy(() -> GovernanceConfig.builder().batchWindow(Duration.ofMillis(-1)).build())
        .hasMessageStartingWith("batchWindow:");
    assertThatThrownBy(
            () -> GovernanceConfig.builder().statementTimeout(Duration.ofMillis(10)).build())
        .hasMessageStartingWith("statementTimeout:");
    assertThatThrownBy(
            () ->
                GovernanceConfig.builder()
                    .statementTimeout(Duration.ofSeconds(30))
                    .writeTimeout(Duration.ofSeconds(30))
                    .build())
        .hasMessageStartingWith("writeTimeout:");
    assertThatThrownBy(
            () -> GovernanceConfig.builder().connectTimeout(Duration.ofMillis(1)).build())
        .hasMessageStartingWith("connectTimeout:");
    assertThatThrownBy(() -> GovernanceConfig.builder().queueCapacity(0).build())
        .hasMessageStartingWith("queueCapacity:");
    assertThatThrownBy(() -> GovernanceConfig.builder().jdbcUrl(" ").build())
        .hasMessageStartingWith("jdbcUrl:");
  }

  @Test
  void theDatabricksTokenIsThePasswordUnlessOneIsGiven() {
    String url = "jdbc:databricks://h:443;httpPath=/sql/1.0/warehouses/w;AuthMech=3;UID=token";
    assertThat(
            GovernanceConfig.fromEnv(
                    Map.of("GOVERNANCE_JDBC_URL", url, "DATABRICKS_TOKEN", "dapi-1"))
                .password())
        .isEqualTo("dapi-1");
    assertThat(
            GovernanceConfig.fromEnv(
                    Map.of(
                        "GOVERNANCE_JDBC_URL", url,
                        "DATABRICKS_TOKEN", "dapi-1",
                        "GOVERNANCE_JDBC_PASSWORD", "explicit"))
                .password())
        .isEqualTo("explicit");
  }

  @Test
  void redactsCredentialsFromTheUrl() {
    GovernanceConfig c =
        GovernanceConfig.builder()
            .jdbcUrl("jdbc:postgresql://db:5432/audit?user=u&password=p")
            .password("p")
            .build();

    assertThat(c.redactedJdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/audit;…");
    assertThat(c.toString()).doesNotContain("password=p").contains("password=***");
    assertThat(c.toBuilder().build()).isEqualTo(c);
  }
}
