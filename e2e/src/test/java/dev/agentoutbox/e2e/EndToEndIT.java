package dev.agentoutbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentoutbox.testkit.MlflowServer;
import dev.agentoutbox.testkit.PostgresServer;
import dev.agentoutbox.testkit.RedisServer;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * The walking skeleton: agent-api and audit-worker as separate processes from the built jars, a
 * real Redis, real SQLite and PostgreSQL, and a real MLflow server.
 */
class EndToEndIT {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static RedisServer redis;
  private static MlflowServer mlflow;
  @TempDir Path work;

  @BeforeAll
  static void servers() {
    redis = RedisServer.start();
    mlflow = MlflowServer.shared();
  }

  @AfterAll
  static void stop() {
    redis.close();
  }

  @Test
  void referenceQueryEndsAsOneSqliteRowAndOneFinishedMlflowRun() throws Exception {
    Path db = work.resolve("governance.db");
    String url = "jdbc:sqlite:" + db;
    runReferenceQuery(
        url, Map.of(), new GovernanceQuery(url, null, null, "governance"), "e2e-sqlite");
  }

  @Test
  void referenceQueryEndsAsOnePostgresRowAndOneFinishedMlflowRun() throws Exception {
    PostgresServer pg = PostgresServer.shared();
    String url = pg.createDatabase("e2e_" + Long.toHexString(System.nanoTime()));
    Map<String, String> env = new HashMap<>();
    env.put("GOVERNANCE_JDBC_USER", pg.user());
    if (pg.password() != null) {
      env.put("GOVERNANCE_JDBC_PASSWORD", pg.password());
    }
    env.put("GOVERNANCE_TABLE", "audit.governance");
    runReferenceQuery(
        url, env, new GovernanceQuery(url, pg.user(), pg.password(), "audit.governance"), "e2e-pg");
  }

  private void runReferenceQuery(
      String jdbcUrl, Map<String, String> extra, GovernanceQuery gov, String experiment)
      throws Exception {
    Map<String, String> env = new HashMap<>(extra);
    env.put("GOVERNANCE_JDBC_URL", jdbcUrl);
    env.put("MLFLOW_TRACKING_URI", mlflow.trackingUri());
    env.put("MLFLOW_EXPERIMENT", experiment);
    Files.createDirectories(work);
    try (Pipeline p =
        new Pipeline(new Pipeline.Options(Pipeline.repositoryRoot(), work, redis.url(), env, 1))
            .start()) {
      Pipeline.Reply reply = p.referenceQuery();
      assertThat(reply.status()).isEqualTo(200);
      String auditId = reply.body().path("audit_id").asText();
      String sessionId = reply.body().path("session_id").asText();
      assertThat(reply.body().path("answer").asText()).contains("EPS");

      Map<String, Object> row =
          await()
              .atMost(60, TimeUnit.SECONDS)
              .until(() -> gov.latestForUser("IN003"), r -> r.isPresent())
              .orElseThrow();
      assertThat(row.get("session_id")).isEqualTo(sessionId);
      assertThat(row.get("user_id")).isEqualTo("IN003");
      JsonNode info = MAPPER.readTree(String.valueOf(row.get("error_info")));
      BigDecimal c = info.path("classification").path("cost_usd").decimalValue();
      BigDecimal s = info.path("synthesis").path("cost_usd").decimalValue();
      BigDecimal v = info.path("validation").path("cost_usd").decimalValue();
      double cost = ((Number) row.get("cost")).doubleValue();
      assertThat(c.add(s).add(v).doubleValue())
          .isCloseTo(cost, org.assertj.core.data.Offset.offset(1e-12));
      assertThat(c.signum()).isPositive();
      assertThat(gov.byAuditId(auditId)).isPresent();

      MlflowRest rest = new MlflowRest(mlflow.trackingUri());
      List<MlflowRest.Run> runs =
          await()
              .atMost(60, TimeUnit.SECONDS)
              .until(
                  () ->
                      rest.experimentId(experiment).isEmpty()
                          ? List.<MlflowRest.Run>of()
                          : rest.runsForAuditId(rest.experimentId(experiment).get(), auditId),
                  l -> l.size() == 1 && l.get(0).status().equals("FINISHED"));
      MlflowRest.Run run = runs.get(0);
      assertThat(run.tags())
          .containsEntry("audit_id", auditId)
          .containsEntry("session_id", sessionId)
          .containsEntry("user_id", "IN003")
          .containsEntry("country", "IN");
      assertThat(run.metrics().get("classification.cost_usd")).isEqualTo(c.doubleValue());
      assertThat(run.metrics().get("synthesis.cost_usd")).isEqualTo(s.doubleValue());
      assertThat(run.metrics().get("validation.cost_usd")).isEqualTo(v.doubleValue());
      assertThat(run.metrics().get("total.cost_usd")).isEqualTo(cost);
      assertThat(run.metrics()).containsKeys("retrieval.duration_ms", "restoration.duration_ms");
    }
  }

  @Test
  void badInputGetsA400NamingTheFieldAndNothingIsEnqueued() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("GOVERNANCE_JDBC_URL", "jdbc:sqlite:" + work.resolve("g.db"));
    String ns = "agent-outbox";
    long before;
    try (Jedis j = new Jedis(java.net.URI.create(redis.url()))) {
      before = j.zcard(ns + ":ledger");
    }
    try (Pipeline p =
        new Pipeline(new Pipeline.Options(Pipeline.repositoryRoot(), work, redis.url(), env, 0))
            .start()) {
      Pipeline.Reply missing = p.post("/v1/query", "{\"country\":\"IN\",\"query\":\"hi\"}");
      assertThat(missing.status()).isEqualTo(400);
      assertThat(missing.body().toString()).contains("user_id");

      Pipeline.Reply malformed = p.post("/v1/query", "{\"user_id\":");
      assertThat(malformed.status()).isEqualTo(400);

      Pipeline.Reply badEvent =
          p.post("/v1/audit-events", "{\"audit_id\":\"nope\",\"user_id\":\"IN003\"}");
      assertThat(badEvent.status()).isEqualTo(400);
      assertThat(badEvent.body().toString()).contains("audit_id").contains("session_id");

      Pipeline.Reply malformedEvent = p.post("/v1/audit-events", "not json");
      assertThat(malformedEvent.status()).isEqualTo(400);
    }
    try (Jedis j = new Jedis(java.net.URI.create(redis.url()))) {
      assertThat(j.zcard(ns + ":ledger")).isEqualTo(before);
    }
  }
}
