package dev.agentoutbox.sink.governance;

import static dev.agentoutbox.sink.governance.GovernanceFixtures.COMPLETED_AT;
import static dev.agentoutbox.sink.governance.GovernanceFixtures.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentoutbox.payload.AuditPayload;
import dev.agentoutbox.sink.SinkException;
import dev.agentoutbox.testkit.PostgresServer;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The governance contract on a real PostgreSQL server, reached through a {@link TcpProxy}. */
class PostgresGovernanceSinkTest extends GovernanceSinkContract {
  private static PostgresServer server;
  private static String directUrl;
  private static TcpProxy proxy;
  private static String proxiedUrl;

  @BeforeAll
  static void startDatabase() throws Exception {
    server = PostgresServer.shared();
    directUrl = server.createUniqueDatabase("governance_sink");
    URI uri = URI.create(directUrl.substring("jdbc:".length()));
    proxy = new TcpProxy(uri.getHost(), uri.getPort());
    proxiedUrl =
        directUrl.replace(uri.getHost() + ":" + uri.getPort(), "127.0.0.1:" + proxy.port());
  }

  @AfterAll
  static void stopProxy() throws Exception {
    proxy.close();
  }

  @Override
  protected GovernanceConfig.Builder config(String table) {
    return GovernanceConfig.builder()
        .jdbcUrl(proxiedUrl)
        .user(server.user())
        .password(server.password())
        .table(table);
  }

  /** The proxy severs every connection and refuses new ones: the server is gone. */
  @Override
  protected AutoCloseable startOutage(GovernanceConfig config) {
    proxy.cut();
    return proxy::restore;
  }

  @Test
  void schemaQualifiedTablesWork() throws Exception {
    String qualified = "Audit_" + table + ".Governance";
    GovernanceSink sink = open(config(table).table(qualified).build());
    AuditPayload p = payload();

    write(sink, p);
    write(sink, p);

    assertThat(sink.reader().qualifiedTable()).isEqualTo("\"audit_" + table + "\".\"governance\"");
    assertThat(sink.reader().find(p.auditId().toString())).isPresent();
    assertThat(sink.reader().latestForUser("IN003").orElseThrow().sessionId())
        .isEqualTo(p.sessionId());
    assertThat(sink.reader().countRows()).isEqualTo(1);
    // the table is reachable by its unquoted name, as the dashboards query it
    try (var s = rawConnection(config(table).build()).createStatement();
        var rs = s.executeQuery("SELECT count(*) FROM audit_" + table + ".governance")) {
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo(1);
    }
  }

  @Test
  void aClosedPortFailsTransientWithoutFailingOpen() {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    GovernanceConfig config =
        config(table)
            .jdbcUrl("jdbc:postgresql://127.0.0.1:" + closedPort + "/governance")
            .connectTimeout(Duration.ofMillis(500))
            .statementTimeout(Duration.ofSeconds(1))
            .build();

    GovernanceSink sink = open(config);

    assertThat(sink.isHealthy()).isFalse();
    assertThatThrownBy(() -> write(sink, payload()))
        .isInstanceOfSatisfying(
            SinkException.class, e -> assertThat(e.kind()).isEqualTo(SinkException.Kind.TRANSIENT));
  }

  @Test
  void oneBadRowFailsPermanentlyWithoutFailingItsBatch() throws Exception {
    GovernanceSink sink =
        open(config(table).batchWindow(Duration.ofMinutes(5)).maxBatchSize(4).build());
    List<AuditPayload> good = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      good.add(payload(UUID.randomUUID(), "IN003", COMPLETED_AT.plusMillis(i)));
    }
    // PostgreSQL text cannot hold NUL (SQLState 22021): no retry can store this row
    AuditPayload bad = GovernanceFixtures.withSummary(payload(), "nul \u0000 inside");
    List<Callable<Void>> tasks = new ArrayList<>();
    for (AuditPayload p : good) {
      tasks.add(
          () -> {
            write(sink, p);
            return null;
          });
    }
    tasks.add(
        () -> {
          write(sink, bad);
          return null;
        });

    List<Future<Void>> outcomes = runTogether(tasks, 4);

    for (int i = 0; i < 3; i++) {
      outcomes.get(i).get(60, TimeUnit.SECONDS);
    }
    assertThatThrownBy(() -> outcomes.get(3).get(60, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(
            SinkException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(SinkException.Kind.PERMANENT);
              assertThat(e.getMessage()).contains(bad.auditId().toString()).contains("22021");
            });
    Map<String, Integer> counts =
        sink.reader()
            .countByAuditId(
                List.of(
                    good.get(0).auditId().toString(),
                    good.get(1).auditId().toString(),
                    good.get(2).auditId().toString(),
                    bad.auditId().toString()));
    assertThat(counts.values()).containsExactly(1, 1, 1, 0);
    assertThat(sink.stats().batches()).isEqualTo(1);
  }

  @Test
  void aWriterWithoutCreatePrivilegeUsesAnExistingTable() throws Exception {
    GovernanceConfig owner = config(table).build();
    open(owner).close();
    String role = "gov_writer_" + UUID.randomUUID().toString().replace("-", "");
    try (var s = rawConnection(owner).createStatement()) {
      s.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'writer'");
      s.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
      s.execute("GRANT SELECT, INSERT ON " + table + " TO " + role);
    }
    GovernanceSink writer = open(config(table).user(role).password("writer").build());
    AuditPayload p = payload();

    write(writer, p);

    assertThat(writer.reader().countByAuditId(List.of(p.auditId().toString())))
        .containsEntry(p.auditId().toString(), 1);
  }
}
