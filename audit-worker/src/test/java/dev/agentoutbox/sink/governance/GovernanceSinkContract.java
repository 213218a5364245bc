package dev.agentoutbox.sink.governance;

import static dev.agentoutbox.sink.governance.GovernanceFixtures.CLASSIFICATION_COST;
import static dev.agentoutbox.sink.governance.GovernanceFixtures.COMPLETED_AT;
import static dev.agentoutbox.sink.governance.GovernanceFixtures.SYNTHESIS_COST;
import static dev.agentoutbox.sink.governance.GovernanceFixtures.TOTAL_COST;
import static dev.agentoutbox.sink.governance.GovernanceFixtures.TOTAL_DURATION_MS;
import static dev.agentoutbox.sink.governance.GovernanceFixtures.VALIDATION_COST;
import static dev.agentoutbox.sink.governance.GovernanceFixtures.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentoutbox.payload.AuditPayload;
import dev.agentoutbox.payload.LlmPhase;
import dev.agentoutbox.sink.SinkException;
import dev.agentoutbox.sink.SinkProgress;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every governance database must meet, run against a real database by each subclass.
 * Every test uses its own table.
 */
abstract class GovernanceSinkContract {
  private static final AtomicInteger TABLES = new AtomicInteger();
  static final Instant WRITTEN_AT = Instant.parse("2026-03-14T09:27:00.654321Z");
  static final Clock CLOCK = Clock.fixed(WRITTEN_AT, ZoneOffset.UTC);

  private final List<AutoCloseable> closeAfterTest = new ArrayList<>();
  private final List<ExecutorService> executors = new ArrayList<>();
  protected String table;

  /** A working config for {@code table} (unqualified) on this test class's database. */
  protected abstract GovernanceConfig.Builder config(String table);

  /**
   * Makes the database unavailable to sinks built from {@link #config}; closing the result ends the
   * outage.
   */
  protected abstract AutoCloseable startOutage(GovernanceConfig config) throws Exception;

  @BeforeEach
  void pickTable() {
    table = "gov_" + getClass().getSimpleName().toLowerCase() + "_" + TABLES.incrementAndGet();
  }

  @AfterEach
  void closeAll() throws Exception {
    executors.forEach(ExecutorService::shutdownNow);
    Collections.reverse(closeAfterTest);
    for (AutoCloseable c : closeAfterTest) {
      c.close();
    }
  }

  protected GovernanceSink open(GovernanceConfig config) {
    GovernanceSink sink = GovernanceSink.open(config, CLOCK);
    closeAfterTest.add(sink);
    return sink;
  }

  protected GovernanceSink openSink() {
    return open(config(table).build());
  }

  protected GovernanceReader reader(GovernanceConfig config) {
    GovernanceReader r = GovernanceReader.open(config);
    closeAfterTest.add(r);
    return r;
  }

  protected Connection rawConnection(GovernanceConfig config) throws SQLException {
    Connection c = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
    closeAfterTest.add(c);
    return c;
  }

  protected static void write(GovernanceSink sink, AuditPayload p) throws SinkException {
    sink.write(p, SinkProgress.inMemory());
  }

  /** Runs every task at once (released together) and returns their outcomes in order. */
  protected <T> List<Future<T>> runTogether(List<Callable<T>> tasks, int threads) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    executors.add(pool);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<T>> futures = new ArrayList<>();
    for (Callable<T> task : tasks) {
      futures.add(
          pool.submit(
              () -> {
                go.await();
                return task.call();
              }));
    }
    go.countDown();
    return futures;
  }

  @Test
  void writesTheRowWithExactValues() throws Exception {
    GovernanceSink sink = openSink();
    AuditPayload p = payload();

    write(sink, p);

    GovernanceRecord r = sink.reader().find(p.auditId().toString()).orElseThrow();
    assertThat(r.auditId()).isEqualTo(p.auditId().toString());
    assertThat(r.sessionId()).isEqualTo(p.sessionId());
    assertThat(r.userId()).isEqualTo("IN003");
    assertThat(r.country()).isEqualTo("IN");
    assertThat(r.cost()).isEqualTo(TOTAL_COST.doubleValue());
    assertThat(r.timestamp()).isEqualTo(COMPLETED_AT.truncatedTo(ChronoUnit.MICROS));
    assertThat(r.queryAnonymized()).isEqualTo(p.queryAnonymized());
    assertThat(r.responseSummary()).isEqualTo(p.responseSummary());
    assertThat(r.totalDurationMs()).isEqualTo(TOTAL_DURATION_MS);
    assertThat(r.schemaVersion()).isEqualTo(AuditPayload.SCHEMA_VERSION);
    assertThat(r.writtenAt()).isEqualTo(WRITTEN_AT);
    assertThat(r.toRow()).isEqualTo(GovernanceRow.from(p, WRITTEN_AT));

    JsonNode info = ErrorInfoJson.parse(r.errorInfo());
    Map<LlmPhase, BigDecimal> costs = ErrorInfoJson.phaseCosts(r.errorInfo());
    assertThat(costs.get(LlmPhase.CLASSIFICATION)).isEqualByComparingTo(CLASSIFICATION_COST);
    assertThat(costs.get(LlmPhase.SYNTHESIS)).isEqualByComparingTo(SYNTHESIS_COST);
    assertThat(costs.get(LlmPhase.VALIDATION)).isEqualByComparingTo(VALIDATION_COST);
    BigDecimal sum = costs.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(sum).isEqualByComparingTo(TOTAL_COST);
    assertThat(sum.doubleValue()).isEqualTo(r.cost());
    assertThat(info.get("total_cost_usd").decimalValue()).isEqualByComparingTo(TOTAL_COST);
    assertThat(info.get("synthesis").get("model").asText()).isEqualTo("gpt-4o");
    assertThat(info.get("synthesis").get("input_tokens").asLong()).isEqualTo(2_000);
    assertThat(info.get("synthesis").get("output_tokens").asLong()).isEqualTo(350);
    assertThat(info.get("errors")).hasSize(1);
    assertThat(info.get("errors").get(0).get("phase").asText()).isEqualTo("retrieval");
    assertThat(ErrorInfoJson.problems(r.errorInfo(), r.cost())).isEmpty();
  }

  @Test
  void latestForUserRunsTheVerificationQuery() throws Exception {
    GovernanceSink sink = openSink();
    AuditPayload oldest = payload(UUID.randomUUID(), "IN003", COMPLETED_AT);
    AuditPayload newest = payload(UUID.randomUUID(), "IN003", COMPLETED_AT.plusSeconds(2));
    AuditPayload middle = payload(UUID.randomUUID(), "IN003", COMPLETED_AT.plusMillis(1_500));
    AuditPayload otherUser = payload(UUID.randomUUID(), "IN004", COMPLETED_AT.plusSeconds(60));
    for (AuditPayload p : List.of(middle, newest, otherUser, oldest)) {
      write(sink, p);
    }

    VerificationRow latest = sink.reader().latestForUser("IN003").orElseThrow();

    assertThat(latest.sessionId()).isEqualTo(newest.sessionId());
    assertThat(latest.userId()).isEqualTo("IN003");
    assertThat(latest.cost()).isEqualTo(TOTAL_COST.doubleValue());
    assertThat(latest.timestamp()).isEqualTo(newest.completedAt().truncatedTo(ChronoUnit.MICROS));
    assertThat(ErrorInfoJson.problems(latest.errorInfo(), latest.cost())).isEmpty();
    assertThat(sink.reader().latestForUser("IN999")).isEmpty();
    assertThat(sink.reader().latestForUserSql())
        .contains("ORDER BY")
        .endsWith("DESC LIMIT 1")
        .contains(sink.reader().qualifiedTable());
  }

  @Test
  void writingTheSameAuditIdTwiceLeavesOneRow() throws Exception {
    GovernanceSink sink = openSink();
    AuditPayload p = payload();

    write(sink, p);
    write(sink, p);
    write(sink, GovernanceFixtures.withSummary(p, "a different summary"));

    String id = p.auditId().toString();
    assertThat(sink.reader().countByAuditId(List.of(id))).containsExactly(Map.entry(id, 1));
    assertThat(sink.reader().countRows()).isEqualTo(1);
    assertThat(sink.reader().find(id).orElseThrow().responseSummary())
        .isEqualTo(p.responseSummary());
  }

  @Test
  void concurrentWritesOfOneAuditIdFromEightThreadsLeaveOneRow() throws Exception {
    GovernanceSink first = openSink();
    // a second process: its writes do not share the first sink's in-flight de-duplication
    GovernanceSink second = openSink();
    AuditPayload p = payload();
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      GovernanceSink sink = i % 2 == 0 ? first : second;
      tasks.add(
          () -> {
            write(sink, p);
            return null;
          });
    }

    for (Future<Void> f : runTogether(tasks, 8)) {
      f.get(60, TimeUnit.SECONDS);
    }

    String id = p.auditId().toString();
    assertThat(first.reader().countByAuditId(List.of(id))).containsExactly(Map.entry(id, 1));
    assertThat(first.reader().countRows()).isEqualTo(1);
  }

  @Test
  void fiveHundredConcurrentWritesLandExactlyOnce() throws Exception {
    GovernanceSink sink = openSink();
    List<AuditPayload> payloads = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      payloads.add(payload(UUID.randomUUID(), "IN" + (i % 10), COMPLETED_AT.plusMillis(i)));
    }
    List<Callable<Void>> tasks = new ArrayList<>();
    for (AuditPayload p : payloads) {
      tasks.add(
          () -> {
            write(sink, p);
            return null;
          });
    }

    for (Future<Void> f : runTogether(tasks, 32)) {
      f.get(120, TimeUnit.SECONDS);
    }

    List<String> ids = payloads.stream().map(p -> p.auditId().toString()).toList();
    Map<String, Integer> counts = sink.reader().countByAuditId(ids);
    assertThat(counts).hasSize(500);
    assertThat(counts.values()).containsOnly(1);
    assertThat(sink.reader().countRows()).isEqualTo(500);
    GovernanceStats stats = sink.stats();
    assertThat(stats.rows()).isEqualTo(500);
    assertThat(stats.batches()).isBetween(1L, 500L);
  }

  @Test
  void concurrentWritesAreGroupCommittedInOneStatement() throws Exception {
    // a window far longer than the test: the batch closes because it is full
    GovernanceSink sink =
        open(config(table).batchWindow(Duration.ofMinutes(5)).maxBatchSize(8).build());
    List<Callable<Void>> tasks = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      AuditPayload p = payload(UUID.randomUUID(), "IN003", COMPLETED_AT.plusMillis(i));
      ids.add(p.auditId().toString());
      tasks.add(
          () -> {
            write(sink, p);
            return null;
          });
    }

    for (Future<Void> f : runTogether(tasks, 8)) {
      f.get(60, TimeUnit.SECONDS);
    }

    assertThat(sink.stats()).isEqualTo(new GovernanceStats(1, 8, 1, 8));
    assertThat(sink.reader().countByAuditId(ids).values()).containsOnly(1);
  }

  @Test
  void oneThreadCanKeepAWholeBatchInFlightWithWriteAsync() throws Exception {
    GovernanceSink sink =
        open(config(table).batchWindow(Duration.ofMinutes(5)).maxBatchSize(50).build());
    List<CompletableFuture<Void>> writes = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      AuditPayload p = payload(UUID.randomUUID(), "IN003", COMPLETED_AT.plusMillis(i));
      ids.add(p.auditId().toString());
      writes.add(sink.writeAsync(p));
    }

    CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

    assertThat(sink.stats()).isEqualTo(new GovernanceStats(1, 50, 1, 50));
    assertThat(sink.reader().countByAuditId(ids).values()).hasSize(50).containsOnly(1);
  }

  @Test
  void perRecordModeWritesEveryRecordOnItsOwn() throws Exception {
    GovernanceSink sink = open(config(table).batchWindow(Duration.ZERO).maxBatchSize(1).build());
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      AuditPayload p = payload(UUID.randomUUID(), "IN003", COMPLETED_AT.plusMillis(i));
      tasks.add(
          () -> {
            write(sink, p);
            return null;
          });
    }

    for (Future<Void> f : runTogether(tasks, 8)) {
      f.get(60, TimeUnit.SECONDS);
    }

    assertThat(sink.stats()).isEqualTo(new GovernanceStats(20, 20, 20, 1));
    assertThat(sink.reader().countRows()).isEqualTo(20);
  }

  @Test
  void tableCreationIsIdempotent() throws Exception {
    GovernanceConfig config = config(table).build();
    SqlDialect dialect = config.dialect();
    try (Statement s = rawConnection(config).createStatement()) {
      for (int round = 0; round < 2; round++) {
        for (String sql : dialect.createTableStatements(config.table())) {
          s.execute(sql);
        }
      }
    }
    AuditPayload first = payload();
    try (GovernanceSink sink = GovernanceSink.open(config, CLOCK)) {
      write(sink, first);
    }
    GovernanceSink again = open(config);
    AuditPayload second = payload();
    write(again, second);

    assertThat(again.reader().countRows()).isEqualTo(2);
  }

  @Test
  void anExistingTableWithoutAUniqueAuditIdIsRefusedAtOpen() throws Exception {
    GovernanceConfig config = config(table).build();
    SqlDialect d = config.dialect();
    String columns = SqlText.columns(c -> d.quote(c.sqlName()) + " " + d.sqlType(c) + " NOT NULL");
    try (Statement s = rawConnection(config).createStatement()) {
      s.execute("CREATE TABLE " + d.qualified(config.table()) + " (" + columns + ")");
    }

    assertThatThrownBy(() -> GovernanceSink.open(config, CLOCK))
        .isInstanceOf(GovernanceSchemaException.class)
        .hasMessageContaining(config.table().toString());
  }

  @Test
  void anExistingTableMissingColumnsIsRefusedAtOpen() throws Exception {
    GovernanceConfig config = config(table).build();
    SqlDialect d = config.dialect();
    String dashboardColumns =
        String.join(
            ", ",
            d.quote("session_id") + " TEXT",
            d.quote("user_id") + " TEXT",
            d.quote("cost") + " REAL",
            d.quote("error_info") + " TEXT",
            d.quote("timestamp") + " TEXT");
    try (Statement s = rawConnection(config).createStatement()) {
      s.execute("CREATE TABLE " + d.qualified(config.table()) + " (" + dashboardColumns + ")");
    }

    assertThatThrownBy(() -> GovernanceSink.open(config, CLOCK))
        .isInstanceOf(GovernanceSchemaException.class)
        .hasMessageContaining("audit_id")
        .hasMessageContaining("written_at");
  }

  @Test
  void anUnavailableDatabaseFailsTransientAndRecovers() throws Exception {
    GovernanceConfig config =
        config(table)
            .statementTimeout(Duration.ofSeconds(1))
            .connectTimeout(Duration.ofMillis(500))
            .writeTimeout(Duration.ofSeconds(30))
            .build();
    GovernanceSink sink = open(config);
    write(sink, payload());
    AuditPayload during = payload();

    try (AutoCloseable outage = startOutage(config)) {
      assertThatThrownBy(() -> write(sink, during))
          .isInstanceOfSatisfying(
              SinkException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(SinkException.Kind.TRANSIENT);
                assertThat(e.sink()).isEqualTo(GovernanceSink.NAME);
                assertThat(e.getMessage()).contains(during.auditId().toString());
              });
    }

    // stale pooled connections may fail a few more writes, but only ever as TRANSIENT
    List<SinkException.Kind> failuresAfterRecovery = new CopyOnWriteArrayList<>();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              try {
                write(sink, during);
                return true;
              } catch (SinkException e) {
                failuresAfterRecovery.add(e.kind());
                return false;
              }
            });
    assertThat(failuresAfterRecovery).doesNotContain(SinkException.Kind.PERMANENT);
    assertThat(sink.reader().countRows()).isEqualTo(2);
  }
}
