package dev.agentoutbox.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentoutbox.queue.JobEnvelope;
import dev.agentoutbox.queue.QueueKeys;
import dev.agentoutbox.queue.RedisSettings;
import dev.agentoutbox.testkit.RedisServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * {@code failed list|show|requeue|purge|history} on real dead letters (a real worker runtime whose
 * mlflow sink refuses every record), run as subprocesses of the built jar.
 */
class CliDeadLettersIT {
  private static RedisServer redis;
  private RedisSettings settings;
  private QueueKeys keys;
  private JarCli cli;

  @BeforeAll
  static void startRedis() {
    redis = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @BeforeEach
  void setUp() {
    String ns = "dl" + Long.toHexString(System.nanoTime());
    settings = RedisSettings.builder().url(redis.url()).namespace(ns).build();
    keys = settings.keys();
    cli = new JarCli(Map.of("REDIS_URL", redis.url(), "REDIS_NAMESPACE", ns, "USER", "tester"));
  }

  private Jedis jedis() {
    return settings.newJedis();
  }

  /** Audit id → how many times its job is in the ready queue. */
  private Map<String, Integer> queuedIds() {
    Map<String, Integer> m = new HashMap<>();
    try (Jedis j = jedis()) {
      for (String job : j.lrange(keys.queueList(), 0, -1)) {
        m.merge(JobEnvelope.auditIdOf(job).orElseThrow(), 1, Integer::sum);
      }
    }
    return m;
  }

  @Test
  void listAndFilters() throws Exception {
    List<String> ids = DeadLetterFixture.deadLetters(settings, 3);
    JarCli.Result list = cli.run("failed", "list").exits(0);
    assertThat(list.stdout())
        .contains("ID", "REASON", "SINK", "ATTEMPTS", "LAST FAILURE", "ERROR")
        .contains(ids.toArray(String[]::new))
        .contains("sink-rejected")
        .contains("3 dead letters");
    JsonNode json = cli.run("failed", "list", "--json").exits(0).json();
    assertThat(json.path("total").asInt()).isEqualTo(3);
    assertThat(json.path("items").get(0).path("sink").asText()).isEqualTo("mlflow");
    assertThat(json.path("items").get(0).path("progress").has("governance.done")).isTrue();

    assertThat(total("--reason", "sink-rejected")).isEqualTo(3);
    assertThat(total("--reason", "retries-exhausted")).isZero();
    assertThat(total("--sink", "mlflow")).isEqualTo(3);
    assertThat(total("--sink", "governance")).isZero();
    assertThat(total("--since", "1h")).isEqualTo(3);
    assertThat(total("--since", "2026-01-01")).isEqualTo(3);
    assertThat(total("--until", "2020-01-01T00:00:00Z")).isZero();
    JsonNode limited = cli.run("failed", "list", "--limit", "2", "--json").exits(0).json();
    assertThat(limited.path("shown").asInt()).isEqualTo(2);
    assertThat(cli.run("failed", "list", "--limit", "2").exits(0).stdout()).contains("use --limit");
    assertThat(cli.run("failed", "list", "--reason", "invalid-payload").exits(0).stdout())
        .contains("no dead letters match");
  }

  private int total(String... filter) {
    List<String> args = new ArrayList<>(List.of("failed", "list", "--json"));
    args.addAll(List.of(filter));
    return cli.run(args.toArray(String[]::new)).exits(0).json().path("total").asInt();
  }

  @Test
  void showPrintsPayloadErrorAttemptsAndSinkProgress() throws Exception {
    String id = DeadLetterFixture.deadLetters(settings, 1).get(0);
    JarCli.Result r = cli.run("failed", "show", id).exits(0);
    assertThat(r.stdout())
        .contains("dead letter " + id)
        .contains("reason         sink-rejected")
        .contains("attempts       1")
        .contains("HTTP 400 INVALID_PARAMETER_VALUE")
        .containsPattern("governance +done 20")
        .containsPattern("mlflow +not done")
        .contains("\"audit_id\" : \"" + id + "\"")
        .contains("\"cost_usd\" : 0.000018");
    JsonNode json = cli.run("failed", "show", id, "--json").exits(0).json();
    assertThat(json.path("payload").path("audit_id").asText()).isEqualTo(id);
    assertThat(json.path("dead_letter").path("reason").asText()).isEqualTo("sink-rejected");
    assertThat(json.path("sinks").path("governance").asText()).startsWith("done");
  }

  @Test
  void dryRunChangesNothingThenRequeueMovesEachIdOnceKeepingProgress() throws Exception {
    List<String> ids = DeadLetterFixture.deadLetters(settings, 3);
    JarCli.Result dry = cli.run("failed", "requeue", "--sink", "mlflow", "--dry-run").exits(0);
    assertThat(dry.stdout()).contains("would requeue").contains("dry run: would requeue 3");
    assertThat(DeadLetterFixture.deadCount(settings)).isEqualTo(3);
    assertThat(queuedIds()).isEmpty();

    JarCli.Result r =
        cli.run("failed", "requeue", ids.get(0), ids.get(1), "--operator", "alice", "--json")
            .exits(0);
    JsonNode json = r.json();
    assertThat(json.path("operator").asText()).isEqualTo("alice");
    assertThat(json.path("requeued")).hasSize(2);
    String batch = json.path("batch").asText();
    assertThat(batch).startsWith("requeue-");
    assertThat(queuedIds()).containsOnlyKeys(ids.get(0), ids.get(1)).containsValues(1);
    try (Jedis j = jedis()) {
      Map<String, String> state = j.hgetAll(keys.state(ids.get(0)));
      assertThat(state).containsEntry("attempts", "0").containsKey("governance.done");
    }
    assertThat(DeadLetterFixture.deadCount(settings)).isEqualTo(1);

    JarCli.Result again = cli.run("failed", "requeue", ids.get(0)).exits(3);
    assertThat(again.stdout()).contains("not found");
    assertThat(queuedIds()).containsEntry(ids.get(0), 1);

    JarCli.Result history = cli.run("failed", "history").exits(0);
    assertThat(history.stdout()).contains("requeue").contains("alice").contains(batch);
    JarCli.Result one = cli.run("failed", "history", "--batch", batch).exits(0);
    assertThat(one.stdout()).contains(ids.get(0)).contains(ids.get(1)).contains("2 ids by alice");
    assertThat(cli.run("stats").exits(0).stdout()).contains("requeue of 2 ids by alice");
  }

  @Test
  void twoOperatorsRequeueingTheSameIdsAtOnceMoveEachJobOnce() throws Exception {
    int n = 300;
    List<String> ids = DeadLetterFixture.deadLetters(settings, n);
    JarCli.Running a = cli.start("failed", "requeue", "--all", "--operator", "a", "--json");
    JarCli.Running b = cli.start("failed", "requeue", "--all", "--operator", "b", "--json");
    JarCli.Result ra = a.await().exits(0);
    JarCli.Result rb = b.await().exits(0);
    Set<String> movedByA = ids(ra.json().path("requeued"));
    Set<String> movedByB = ids(rb.json().path("requeued"));
    assertThat(movedByA.size() + movedByB.size()).isEqualTo(n);
    assertThat(java.util.Collections.disjoint(movedByA, movedByB))
        .as("no id requeued by both operators")
        .isTrue();
    Map<String, Integer> queued = queuedIds();
    assertThat(queued).hasSize(n).containsOnlyKeys(ids);
    assertThat(queued.values()).containsOnly(1);
    assertThat(DeadLetterFixture.deadCount(settings)).isZero();
    try (Jedis j = jedis()) {
      assertThat(j.llen(keys.history())).isEqualTo(n);
    }
  }

  @Test
  void twoOperatorsRequeueingTheSameExplicitIdsAtOnce() throws Exception {
    List<String> ids = DeadLetterFixture.deadLetters(settings, 40);
    List<String> args = new ArrayList<>(List.of("failed", "requeue", "--json"));
    args.addAll(ids);
    JarCli.Running a = cli.start(args.toArray(String[]::new));
    JarCli.Running b = cli.start(args.toArray(String[]::new));
    JarCli.Result ra = a.await();
    JarCli.Result rb = b.await();
    // an id the other operator moved first is "not found" for this one: exit 3 unless it got all
    assertThat(List.of(ra.exitCode(), rb.exitCode())).allMatch(c -> c == 0 || c == 3);
    Set<String> moved = new HashSet<>(ids(ra.json().path("requeued")));
    int total = moved.size() + rb.json().path("requeued").size();
    moved.addAll(ids(rb.json().path("requeued")));
    assertThat(total).isEqualTo(40);
    assertThat(moved).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(queuedIds().values()).hasSize(40).containsOnly(1);
  }

  @Test
  void ctrlCStopsBetweenTwoIdsAndReportsWhatMoved() throws Exception {
    int n = 200;
    DeadLetterFixture.deadLetters(settings, n);
    JarCli.Running r =
        cli.start("failed", "requeue", "--all", "--pace", "50ms", "--progress", "always", "--json");
    await().atMost(60, TimeUnit.SECONDS).until(() -> queuedIds().size() >= 3);
    r.interrupt();
    JarCli.Result result = r.await().exits(130);
    JsonNode json = result.json();
    assertThat(json.path("interrupted").asBoolean()).isTrue();
    int moved = json.path("requeued").size();
    assertThat(moved).isGreaterThanOrEqualTo(3).isLessThan(n);
    assertThat(json.path("remaining").size()).isEqualTo(n - moved);
    assertThat(queuedIds()).hasSize(moved);
    assertThat(DeadLetterFixture.deadCount(settings)).isEqualTo(n - moved);
    assertThat(result.stderr()).contains("requeued").contains("%");

    JarCli.Result rest = cli.run("failed", "requeue", "--all", "--json").exits(0);
    assertThat(rest.json().path("requeued").size()).isEqualTo(n - moved);
    assertThat(queuedIds()).hasSize(n);
  }

  @Test
  void progressBarOnlyWhenForcedOrOnATerminal() throws Exception {
    DeadLetterFixture.deadLetters(settings, 30);
    JarCli.Result quiet = cli.run("failed", "requeue", "--limit", "10", "--all").exits(0);
    assertThat(quiet.stderr()).isEmpty();
    JarCli.Result forced = cli.run("failed", "requeue", "--all", "--progress", "always").exits(0);
    assertThat(forced.stderr()).contains("100%").contains("20/20 requeued 20");
    assertThat(forced.stdout()).contains("requeued 20 of 20");
  }

  @Test
  void purgeNeedsConfirmationAndIsRecorded() throws Exception {
    List<String> ids = DeadLetterFixture.deadLetters(settings, 2);
    cli.run("failed", "purge", ids.get(0)).exits(2).oneErrorLine();
    JarCli.Result dry = cli.run("failed", "purge", ids.get(0), "--dry-run").exits(0);
    assertThat(dry.stdout()).contains("would purge 1");
    assertThat(DeadLetterFixture.deadCount(settings)).isEqualTo(2);
    JarCli.Result r =
        cli.run("failed", "purge", ids.get(0), "--yes-i-am-sure", "--batch-id", "INC-42").exits(0);
    assertThat(r.stdout()).contains("purged 1 of 1 (batch INC-42, operator tester)");
    assertThat(DeadLetterFixture.deadCount(settings)).isEqualTo(1);
    assertThat(queuedIds()).isEmpty();
    assertThat(cli.run("failed", "history").exits(0).stdout())
        .contains("purge")
        .contains("INC-42")
        .contains("tester");
  }

  @Test
  void malformedJobsAreSkippedByRequeueWithExit1() throws Exception {
    try (Jedis j = jedis()) {
      j.sadd(keys.queues(), keys.queue());
      j.rpush(keys.queueList(), "{not json");
    }
    DeadLetterFixture.deadLetters(settings, 1);
    JsonNode list =
        cli.run("failed", "list", "--reason", "malformed-json", "--json").exits(0).json();
    assertThat(list.path("total").asInt()).isEqualTo(1);
    String rawId = list.path("items").get(0).path("id").asText();
    assertThat(rawId).startsWith("raw:");
    assertThat(cli.run("failed", "show", rawId).exits(0).stdout()).contains("{not json");
    JarCli.Result r = cli.run("failed", "requeue", "--all").exits(1);
    assertThat(r.stdout()).contains("skipped").contains(rawId).contains("purge it");
    assertThat(queuedIds()).hasSize(1);
  }

  private static Set<String> ids(JsonNode array) {
    Set<String> s = new HashSet<>();
    array.forEach(n -> s.add(n.asText()));
    return s;
  }
}
