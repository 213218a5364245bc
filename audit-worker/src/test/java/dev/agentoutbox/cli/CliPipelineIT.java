package dev.agentoutbox.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentoutbox.queue.QueueKeys;
import dev.agentoutbox.queue.RedisSettings;
import dev.agentoutbox.testkit.FreePort;
import dev.agentoutbox.testkit.MlflowServer;
import dev.agentoutbox.testkit.PostgresServer;
import dev.agentoutbox.testkit.RedisServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * The operator commands against the whole pipeline: real Redis, PostgreSQL and MLflow, workers run
 * as {@code java -jar audit-worker.jar run}, every command a subprocess of the same jar.
 */
class CliPipelineIT {
  private static RedisServer redis;
  private static String governanceUrl;

  private RedisSettings settings;
  private QueueKeys keys;
  private String experiment;
  private JarCli cli;
  private final List<JarCli.Running> workers = new ArrayList<>();

  @BeforeAll
  static void startServers() {
    redis = RedisServer.start();
    governanceUrl = PostgresServer.shared().createUniqueDatabase("cli");
    MlflowServer.shared();
  }

  @AfterAll
  static void stopServers() {
    redis.close();
  }

  @BeforeEach
  void setUp() {
    String ns = "pl" + Long.toHexString(System.nanoTime());
    experiment = "cli-" + ns;
    settings = RedisSettings.builder().url(redis.url()).namespace(ns).build();
    keys = settings.keys();
    PostgresServer pg = PostgresServer.shared();
    Map<String, String> env = new HashMap<>();
    env.put("REDIS_URL", redis.url());
    env.put("REDIS_NAMESPACE", ns);
    env.put("GOVERNANCE_JDBC_URL", governanceUrl);
    env.put("GOVERNANCE_JDBC_USER", pg.user());
    if (pg.password() != null) {
      env.put("GOVERNANCE_JDBC_PASSWORD", pg.password());
    }
    env.put("MLFLOW_TRACKING_URI", MlflowServer.shared().trackingUri());
    env.put("MLFLOW_EXPERIMENT", experiment);
    env.put("USER", "ops");
    cli = new JarCli(env);
  }

  @AfterEach
  void stopWorkers() {
    workers.forEach(w -> w.process.destroyForcibly());
  }

  /** {@code run} with fast retries and a short heartbeat; {@code mlflowUri} overrides MLflow. */
  private JarCli.Running startWorker(String mlflowUri) {
    Map<String, String> env = new HashMap<>();
    env.put("HEALTH_PORT", "-1");
    env.put("RETRY_MAX_ATTEMPTS", "2");
    env.put("RETRY_INITIAL_DELAY_MS", "100");
    env.put("HEARTBEAT_TTL_MS", "2000");
    env.put("HEARTBEAT_PERIOD_MS", "500");
    env.put("REAP_PERIOD_MS", "500");
    env.put("MLFLOW_CALL_DEADLINE_MS", "120000");
    if (mlflowUri != null) {
      env.put("MLFLOW_TRACKING_URI", mlflowUri);
    }
    JarCli.Running w = cli.with(env).start("run", "--threads", "2");
    workers.add(w);
    await()
        .atMost(60, TimeUnit.SECONDS)
        .until(
            () -> {
              if (!w.process.isAlive()) {
                throw new AssertionError("worker exited: " + w.stderrSoFar());
              }
              try (Jedis j = settings.newJedis()) {
                return !j.smembers(keys.workers()).isEmpty();
              }
            });
    return w;
  }

  private static void stop(JarCli.Running w) throws InterruptedException {
    w.process.destroy();
    assertThat(w.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
  }

  private void awaitDone(List<String> ids) {
    await()
        .atMost(90, TimeUnit.SECONDS)
        .until(
            () -> {
              try (Jedis j = settings.newJedis()) {
                return ids.stream().allMatch(id -> j.zscore(keys.done(), id) != null);
              }
            });
  }

  @Test
  void aFailingSinkThenStatsListDryRunRequeueAndACleanVerify() throws Exception {
    JarCli.Running broken = startWorker("http://127.0.0.1:" + FreePort.find());
    List<String> ids = DeadLetterFixture.enqueue(settings, 3);
    await().atMost(90, TimeUnit.SECONDS).until(() -> DeadLetterFixture.deadCount(settings) == 3);

    JarCli.Result stats = cli.run("stats").exits(0);
    assertThat(stats.stdout())
        .containsPattern("dead letters +3  retries-exhausted 3")
        .containsPattern("live workers +2  in 1 process")
        .containsPattern("failed +3");
    JsonNode statsJson = cli.run("stats", "--json").exits(0).json();
    assertThat(statsJson.path("dead_letters").path("by_sink").path("mlflow").asInt()).isEqualTo(3);

    JarCli.Result list = cli.run("failed", "list").exits(0);
    assertThat(list.stdout()).contains(ids.toArray(String[]::new)).contains("mlflow");

    JarCli.Result dry = cli.run("failed", "requeue", "--sink", "mlflow", "--dry-run").exits(0);
    assertThat(dry.stdout()).contains("dry run: would requeue 3 dead letters; nothing changed");
    assertThat(DeadLetterFixture.deadCount(settings)).isEqualTo(3);

    stop(broken);
    startWorker(null);
    JarCli.Result requeue = cli.run("failed", "requeue", "--sink", "mlflow").exits(0);
    assertThat(requeue.stdout()).contains("requeued 3 of 3").contains("operator ops");
    awaitDone(ids);

    JarCli.Result verify = cli.run("verify", "--since", "15m").exits(0);
    assertThat(verify.stdout())
        .contains("3 accepted ids")
        .containsPattern("ok +3")
        .contains("OK: every accepted id is in every checked sink exactly once");
    JsonNode json = cli.run("verify", "--since", "15m", "--json").exits(0).json();
    assertThat(json.path("passed").asBoolean()).isTrue();
    assertThat(json.path("report").path("ok").asInt()).isEqualTo(3);
  }

  @Test
  void verifyFindsADeletedRowADuplicatedRunAndAJobInFlightThenReapRecoversIt() throws Exception {
    JarCli.Running good = startWorker(null);
    List<String> done = DeadLetterFixture.enqueue(settings, 3);
    String deleted = done.get(0);
    String duplicated = done.get(1);
    awaitDone(done);
    stop(good);

    String inFlight;
    try (SilentServer hangingMlflow = new SilentServer()) {
      JarCli.Running hanging = startWorker(hangingMlflow.uri());
      inFlight = DeadLetterFixture.enqueue(settings, 1).get(0);
      await()
          .atMost(60, TimeUnit.SECONDS)
          .until(
              () -> {
                for (JsonNode w : cli.run("workers", "--json").exits(0).json()) {
                  if (inFlight.equals(w.path("audit_id").asText())) {
                    return true;
                  }
                }
                return false;
              });

      try (Connection c = PostgresServer.shared().connect(governanceUrl);
          PreparedStatement ps = c.prepareStatement("DELETE FROM governance WHERE audit_id = ?")) {
        ps.setString(1, deleted);
        assertThat(ps.executeUpdate()).isEqualTo(1);
      }
      MlflowRestClient rest = new MlflowRestClient(MlflowServer.shared().trackingUri());
      rest.createFinishedRun(rest.experimentId(experiment), duplicated);

      JarCli.Result text = cli.run("verify", "--since", "15m").exits(1);
      assertThat(text.stdout())
          .contains("4 accepted ids")
          .containsPattern("missing +1")
          .containsPattern("duplicated +1")
          .containsPattern("pending +1  in flight 1")
          .containsPattern(deleted + " +missing")
          .containsPattern(duplicated + " +duplicated")
          .containsPattern(inFlight + " +pending")
          .contains("FAILED: 1 missing, 1 duplicated");
      JsonNode json = cli.run("verify", "--since", "15m", "--json").exits(1).json();
      assertThat(json.path("passed").asBoolean()).isFalse();
      Map<String, JsonNode> byId = new HashMap<>();
      json.path("report").path("problems").forEach(p -> byId.put(p.path("audit_id").asText(), p));
      assertThat(byId).containsOnlyKeys(deleted, duplicated, inFlight);
      assertThat(byId.get(deleted).path("status").asText()).isEqualTo("MISSING");
      assertThat(byId.get(deleted).path("governance_rows").asInt()).isZero();
      assertThat(byId.get(deleted).path("redis_state").asText()).isEqualTo("done");
      assertThat(byId.get(duplicated).path("status").asText()).isEqualTo("DUPLICATED");
      assertThat(byId.get(duplicated).path("mlflow_runs").asInt()).isEqualTo(2);
      assertThat(byId.get(inFlight).path("status").asText()).isEqualTo("PENDING");
      assertThat(byId.get(inFlight).path("redis_state").asText()).isEqualTo("in flight");
      assertThat(json.path("report").path("ok").asInt()).isEqualTo(1);

      JarCli.Result onlyMissing =
          cli.run("verify", "--since", "15m", "--sinks", "governance", "--json").exits(1);
      assertThat(onlyMissing.json().path("report").path("missing").asInt()).isEqualTo(1);
      assertThat(onlyMissing.json().path("report").path("duplicated").asInt()).isZero();

      JarCli.Result workersOut = cli.run("workers").exits(0);
      assertThat(workersOut.stdout()).containsPattern("live .* " + inFlight);

      hanging.process.destroyForcibly();
      assertThat(hanging.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      await()
          .atMost(30, TimeUnit.SECONDS)
          .until(
              () -> {
                JsonNode ws = cli.run("workers", "--json").exits(0).json();
                for (JsonNode w : ws) {
                  if (!"dead".equals(w.path("state").asText())) {
                    return false;
                  }
                }
                return ws.size() == 2;
              });
      assertThat(cli.run("workers").exits(0).stdout())
          .containsPattern("dead +expired +" + inFlight);
      JarCli.Result dry = cli.run("reap", "--dry-run").exits(0);
      assertThat(dry.stdout()).contains(inFlight).contains("dry run: would move 1 job");
      JarCli.Result reap = cli.run("reap").exits(0);
      assertThat(reap.stdout()).contains(inFlight).contains("moved 1 job back to the head");
      assertThat(cli.run("stats", "--json").exits(0).json().path("waiting").asInt()).isEqualTo(1);
      assertThat(cli.run("reap").exits(0).stdout()).contains("nothing to recover");
    }

    startWorker(null);
    awaitDone(List.of(inFlight));
    JsonNode after = cli.run("verify", "--since", "15m", "--json").exits(1).json();
    assertThat(after.path("report").path("ok").asInt()).isEqualTo(2);
    assertThat(after.path("report").path("pending").asInt()).isZero();
    JsonNode stats = cli.run("stats", "--json").exits(0).json();
    assertThat(stats.path("lag").path("samples").asInt()).isEqualTo(4);
    assertThat(stats.path("counters").path("processed").asInt()).isEqualTo(4);
  }
}
