package dev.agentoutbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentoutbox.testkit.MlflowServer;
import dev.agentoutbox.testkit.PostgresServer;
import dev.agentoutbox.testkit.RedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * The proof of "nothing lost, nothing twice": thousands of queries through the API while workers
 * are SIGKILLed mid-job, the API is SIGKILLed and restarted, Redis restarts and MLflow is down for
 * about 30 s, with poison jobs injected straight into Redis. Every 200 must end as exactly one
 * governance row and exactly one FINISHED MLflow run with the right values.
 */
class ChaosIT {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int QUERIES = Integer.getInteger("chaos.queries", 2000);
  private static final int WORKERS = 2;
  private static final int WORKER_KILLS = 6;
  private static final Duration SEND_SPAN =
      Duration.ofSeconds(Integer.getInteger("chaos.sendSeconds", 70));
  private static final Duration MLFLOW_OUTAGE = Duration.ofSeconds(30);
  private static final String NS = "agent-outbox";
  private static final String EXPERIMENT = "chaos";
  private static final String[][] MEMBERS = {
    {"IN003", "IN", "What is my EPS pension benefit?"},
    {"IN001", "IN", "How much EPS pension will I get?"},
    {"IN002", "IN", "What is my EPS pension benefit?"},
    {"IN004", "IN", "Am I eligible for an EPS pension?"},
  };

  @TempDir Path work;

  /** What the user was told, per audit id. */
  record Answer(String auditId, String sessionId, String userId, double costUsd) {}

  /** One SIGKILL of a worker and the jobs it held. */
  static final class Kill {
    final long atNanos = System.nanoTime();
    final long atMillis = System.currentTimeMillis();
    long pid;
    final int worker;
    final Set<String> inflight;
    final Map<String, Long> recoveredAfterMs = new ConcurrentHashMap<>();

    Kill(int worker, Set<String> inflight) {
      this.worker = worker;
      this.inflight = inflight;
    }
  }

  @Test
  void everyAnsweredQueryEndsAsExactlyOneRowAndOneRunWhateverIsKilled() throws Exception {
    RedisServer redis = RedisServer.start();
    MlflowServer mlflow = MlflowServer.start();
    PostgresServer pg = PostgresServer.shared();
    String db = pg.createDatabase("chaos_" + Long.toHexString(System.nanoTime()));
    Map<String, String> env = new HashMap<>();
    env.put("GOVERNANCE_JDBC_URL", db);
    env.put("GOVERNANCE_JDBC_USER", pg.user());
    if (pg.password() != null) {
      env.put("GOVERNANCE_JDBC_PASSWORD", pg.password());
    }
    env.put("MLFLOW_TRACKING_URI", mlflow.trackingUri());
    env.put("MLFLOW_EXPERIMENT", EXPERIMENT);
    env.put("MLFLOW_CALL_DEADLINE_MS", "5000");
    env.put("WORKER_THREADS", "4");
    env.put("RETRY_INITIAL_DELAY_MS", "500");
    env.put("RETRY_MAX_DELAY_MS", "4000");
    env.put("SHUTDOWN_GRACE_SECONDS", "5");

    Map<String, Answer> answered = new ConcurrentHashMap<>();
    AtomicInteger refused = new AtomicInteger();
    List<Kill> kills = new CopyOnWriteArrayList<>();
    List<String> events = new CopyOnWriteArrayList<>();
    long t0 = System.nanoTime();
    Files.createDirectories(work);

    try (Pipeline p =
        new Pipeline(
                new Pipeline.Options(Pipeline.repositoryRoot(), work, redis.url(), env, WORKERS))
            .start()) {
      List<String> poison = injectPoison(redis);

      ExecutorService load = Executors.newFixedThreadPool(6);
      List<Future<?>> sends = new ArrayList<>();
      long spacingNanos = SEND_SPAN.toNanos() / QUERIES;
      for (int i = 0; i < QUERIES; i++) {
        final int n = i;
        sends.add(
            load.submit(
                () -> {
                  sleepUntil(t0 + n * spacingNanos);
                  send(p, MEMBERS[n % MEMBERS.length], answered, refused);
                  return null;
                }));
      }

      ExecutorService monitor = Executors.newSingleThreadExecutor();
      Future<?> chaos =
          Executors.newSingleThreadExecutor()
              .submit(
                  () -> {
                    runChaos(p, redis, mlflow, kills, events, t0, monitor);
                    return null;
                  });
      for (Future<?> f : sends) {
        f.get(10, TimeUnit.MINUTES);
      }
      load.shutdown();
      chaos.get(10, TimeUnit.MINUTES);
      events.add(
          at(t0) + " all " + QUERIES + " queries sent: " + answered.size() + " answered 200");

      awaitDrained(p, redis, Duration.ofMinutes(8));
      events.add(at(t0) + " drained");
      monitor.shutdownNow();

      // ---- assertions ----
      GovernanceQuery gov = new GovernanceQuery(db, pg.user(), pg.password(), "governance");
      Map<String, Integer> rows = gov.counts(answered.keySet());
      List<String> missingRows = new ArrayList<>();
      List<String> duplicateRows = new ArrayList<>();
      for (String id : answered.keySet()) {
        int c = rows.getOrDefault(id, 0);
        if (c == 0) {
          missingRows.add(id);
        } else if (c > 1) {
          duplicateRows.add(id);
        }
      }
      MlflowRest rest = new MlflowRest(mlflow.trackingUri());
      String exp = rest.experimentId(EXPERIMENT).orElseThrow();
      List<MlflowRest.Run> runs = rest.allRuns(exp);
      Map<String, List<MlflowRest.Run>> runsById = new HashMap<>();
      for (MlflowRest.Run r : runs) {
        runsById.computeIfAbsent(r.tags().get("audit_id"), k -> new ArrayList<>()).add(r);
      }
      List<String> missingRuns = new ArrayList<>();
      List<String> duplicateRuns = new ArrayList<>();
      List<String> wrongRuns = new ArrayList<>();
      for (Answer a : answered.values()) {
        List<MlflowRest.Run> rs = runsById.getOrDefault(a.auditId(), List.of());
        if (rs.isEmpty()) {
          missingRuns.add(a.auditId());
          continue;
        }
        if (rs.size() > 1) {
          duplicateRuns.add(a.auditId());
        }
        MlflowRest.Run r = rs.get(0);
        Map<String, Object> row = gov.byAuditId(a.auditId()).orElse(Map.of());
        if (!checkRun(r, a, row)) {
          wrongRuns.add(a.auditId());
        }
      }
      long allRowsDuplicated = runsById.values().stream().filter(l -> l.size() > 1).count();
      int deletedRuns = rest.deletedRuns(exp).size();

      Map<String, String> dead;
      try (Jedis j = new Jedis(java.net.URI.create(redis.url()))) {
        dead = j.hgetAll(NS + ":dead");
      }
      Set<String> deadJobs = new HashSet<>();
      Map<String, String> deadReasons = new HashMap<>();
      for (String json : dead.values()) {
        JsonNode d = MAPPER.readTree(json);
        deadJobs.add(d.path("job").asText());
        deadReasons.put(d.path("job").asText(), d.path("reason").asText());
      }

      List<Long> requeued = new ArrayList<>();
      try (Jedis j = new Jedis(java.net.URI.create(redis.url()))) {
        for (String e : j.lrange(NS + ":events:recovered", 0, -1)) {
          JsonNode ev = MAPPER.readTree(e);
          for (Kill k : kills) {
            long reapedAt = ev.path("reaped_at").asLong();
            if (ev.path("worker").asText().contains(":" + k.pid + ":") && reapedAt >= k.atMillis) {
              requeued.add(reapedAt - k.atMillis);
            }
          }
        }
      }
      Collections.sort(requeued);
      List<Long> recoveries = new ArrayList<>();
      int killsWithJob = 0;
      for (Kill k : kills) {
        if (!k.inflight.isEmpty()) {
          killsWithJob++;
        }
        recoveries.addAll(k.recoveredAfterMs.values());
      }
      Collections.sort(recoveries);
      ObjectNode report = MAPPER.createObjectNode();
      report.put("queries_sent", QUERIES);
      report.put("answered_200", answered.size());
      report.put("refused_or_failed", refused.get());
      report.put("worker_kills", kills.size());
      report.put("worker_kills_with_job_in_flight", killsWithJob);
      report.put("jobs_in_flight_at_kills", kills.stream().mapToInt(k -> k.inflight.size()).sum());
      report.put("recovered_jobs_measured", recoveries.size());
      report.put(
          "kill_to_rerun_ms_median",
          recoveries.isEmpty() ? -1 : recoveries.get(recoveries.size() / 2));
      report.put(
          "kill_to_rerun_ms_max",
          recoveries.isEmpty() ? -1 : recoveries.get(recoveries.size() - 1));
      report.put("requeued_by_reaper", requeued.size());
      report.put(
          "kill_to_requeue_ms_median", requeued.isEmpty() ? -1 : requeued.get(requeued.size() / 2));
      report.put(
          "kill_to_requeue_ms_max", requeued.isEmpty() ? -1 : requeued.get(requeued.size() - 1));
      report.put("api_kills", 1);
      report.put("redis_restarts", 1);
      report.put("mlflow_outage_seconds", MLFLOW_OUTAGE.toSeconds());
      report.put("governance_missing", missingRows.size());
      report.put("governance_duplicates", duplicateRows.size());
      report.put("mlflow_missing", missingRuns.size());
      report.put("mlflow_duplicates_left", duplicateRuns.size() + allRowsDuplicated);
      report.put("mlflow_duplicate_runs_removed_by_sink", deletedRuns);
      report.put("mlflow_wrong_values", wrongRuns.size());
      report.put("dead_letters", dead.size());
      report.put("seconds_total", (System.nanoTime() - t0) / 1_000_000_000L);
      report.set("timeline", MAPPER.valueToTree(events));
      String text = MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report);
      System.out.println("CHAOS REPORT\n" + text);
      Path out = Pipeline.repositoryRoot().resolve("e2e/target/chaos-report.json");
      Files.createDirectories(out.getParent());
      Files.writeString(out, text);

      assertThat(answered).hasSizeGreaterThan(QUERIES * 9 / 10);
      assertThat(kills).hasSizeGreaterThanOrEqualTo(5);
      assertThat(killsWithJob).isGreaterThanOrEqualTo(1);
      assertThat(missingRows).as("governance rows missing").isEmpty();
      assertThat(duplicateRows).as("governance rows duplicated").isEmpty();
      assertThat(missingRuns).as("MLflow runs missing").isEmpty();
      assertThat(duplicateRuns).as("MLflow runs duplicated").isEmpty();
      assertThat(allRowsDuplicated).as("any audit id with two active runs").isZero();
      assertThat(wrongRuns).as("MLflow runs with wrong values or not FINISHED").isEmpty();
      assertThat(deadJobs)
          .as("dead letters are exactly the poison jobs")
          .isEqualTo(new HashSet<>(poison));
      assertThat(deadReasons.get(poison.get(0))).isEqualTo("malformed-json");
      assertThat(deadReasons.get(poison.get(1))).isEqualTo("unknown-class");
      assertThat(deadReasons.get(poison.get(2))).isEqualTo("invalid-payload");
      assertThat(deadReasons.get(poison.get(3))).isEqualTo("malformed-json");
      assertThat(recoveries).allSatisfy(ms -> assertThat(ms).isLessThanOrEqualTo(20_000L));
    } finally {
      mlflow.close();
      redis.close();
    }
  }

  private static boolean checkRun(MlflowRest.Run r, Answer a, Map<String, Object> row)
      throws Exception {
    if (!"FINISHED".equals(r.status()) || row.isEmpty()) {
      return false;
    }
    JsonNode info = MAPPER.readTree(String.valueOf(row.get("error_info")));
    double cost = ((Number) row.get("cost")).doubleValue();
    return a.sessionId().equals(r.tags().get("session_id"))
        && a.userId().equals(r.tags().get("user_id"))
        && eq(r.metrics().get("total.cost_usd"), a.costUsd())
        && eq(r.metrics().get("total.cost_usd"), cost)
        && eq(
            r.metrics().get("classification.cost_usd"),
            info.path("classification").path("cost_usd").asDouble())
        && eq(
            r.metrics().get("synthesis.cost_usd"),
            info.path("synthesis").path("cost_usd").asDouble())
        && eq(
            r.metrics().get("validation.cost_usd"),
            info.path("validation").path("cost_usd").asDouble());
  }

  private static boolean eq(Double a, double b) {
    return a != null && Math.abs(a - b) < 1e-12;
  }

  private static List<String> injectPoison(RedisServer redis) {
    String notJson = "{this is not json";
    String evil = "{\"class\":\"java.lang.ProcessBuilder\",\"args\":[\"touch\",\"/tmp/pwned\"]}";
    String invalid =
        "{\"class\":\"Phase8Job\",\"args\":[\"{\\\"audit_id\\\":\\\""
            + java.util.UUID.randomUUID()
            + "\\\"}\"]}";
    String empty = "{}";
    try (Jedis j = new Jedis(java.net.URI.create(redis.url()))) {
      j.sadd(NS + ":queues", "phase8");
      j.rpush(NS + ":queue:phase8", notJson, evil, invalid, empty);
    }
    return List.of(notJson, evil, invalid, empty);
  }

  private static void send(
      Pipeline p, String[] member, Map<String, Answer> answered, AtomicInteger refused) {
    String body =
        "{\"user_id\":\""
            + member[0]
            + "\",\"country\":\""
            + member[1]
            + "\",\"query\":\""
            + member[2]
            + "\"}";
    for (int attempt = 0; attempt < 50; attempt++) {
      try {
        Pipeline.Reply r = p.post("/v1/query", body);
        if (r.status() == 200) {
          String id = r.body().path("audit_id").asText();
          answered.put(
              id,
              new Answer(
                  id,
                  r.body().path("session_id").asText(),
                  member[0],
                  r.body().path("cost_usd").asDouble()));
          return;
        }
        refused.incrementAndGet();
      } catch (Exception e) {
        refused.incrementAndGet();
      }
      sleep(200);
    }
  }

  private void runChaos(
      Pipeline p,
      RedisServer redis,
      MlflowServer mlflow,
      List<Kill> kills,
      List<String> events,
      long t0,
      ExecutorService monitor)
      throws Exception {
    int done = 0;
    boolean apiKilled = false;
    boolean redisRestarted = false;
    boolean mlflowDown = false;
    long mlflowDownAt = 0;
    boolean mlflowBack = false;
    long nextKill = t0 + Duration.ofSeconds(4).toNanos();
    while (done < WORKER_KILLS || !mlflowBack) {
      long now = System.nanoTime();
      double s = (now - t0) / 1e9;
      if (done < WORKER_KILLS && now >= nextKill) {
        int w = done % WORKERS;
        Set<String> inflight = awaitInflightOf(redis, p.worker(w).pid(), Duration.ofSeconds(3));
        Kill k = new Kill(w, inflight);
        k.pid = p.worker(w).pid();
        p.killWorker(w);
        kills.add(k);
        events.add(
            at(t0)
                + " SIGKILL worker "
                + w
                + " (pid "
                + p.worker(w).pid()
                + ") with "
                + inflight.size()
                + " job(s) in flight");
        monitor.submit(() -> watchRecovery(redis, k, p.worker(w).pid()));
        sleep(1_000);
        p.startWorker(w);
        done++;
        nextKill = System.nanoTime() + Duration.ofSeconds(7).toNanos();
      }
      if (!apiKilled && s >= 12) {
        p.killApi();
        events.add(at(t0) + " SIGKILL agent-api");
        p.startApi();
        events.add(at(t0) + " agent-api restarted");
        apiKilled = true;
      }
      if (!redisRestarted && s >= 24) {
        events.add(at(t0) + " restarting Redis");
        redis.restart();
        events.add(at(t0) + " Redis back");
        redisRestarted = true;
      }
      if (!mlflowDown && s >= 30) {
        mlflow.kill();
        mlflowDownAt = System.nanoTime();
        events.add(at(t0) + " MLflow killed (outage starts)");
        mlflowDown = true;
      }
      if (mlflowDown
          && !mlflowBack
          && System.nanoTime() - mlflowDownAt >= MLFLOW_OUTAGE.toNanos()) {
        mlflow.startAgain();
        events.add(at(t0) + " MLflow back");
        mlflowBack = true;
      }
      sleep(100);
    }
  }

  /** The audit ids in the in-flight lists of the worker process with this pid. */
  private static Set<String> inflightOf(Jedis j, long pid) {
    Set<String> ids = new HashSet<>();
    for (String key : j.keys(NS + ":inflight:*")) {
      if (key.contains(":" + pid + ":")) {
        for (String job : j.lrange(key, 0, -1)) {
          dev.agentoutbox.queue.JobEnvelope.auditIdOf(job).ifPresent(ids::add);
        }
      }
    }
    return ids;
  }

  private static Set<String> awaitInflightOf(RedisServer redis, long pid, Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    try (Jedis j = new Jedis(java.net.URI.create(redis.url()))) {
      while (System.nanoTime() < deadline) {
        try {
          Set<String> ids = inflightOf(j, pid);
          if (!ids.isEmpty()) {
            return ids;
          }
        } catch (RuntimeException e) {
          return Set.of();
        }
        sleep(20);
      }
    }
    return Set.of();
  }

  /**
   * Records, per job the killed worker held, when it runs again: seen in another worker's in-flight
   * list, or already finished there (done, or failed and waiting in the retry schedule while MLflow
   * is down).
   */
  private static void watchRecovery(RedisServer redis, Kill k, long deadPid) {
    Set<String> pending = new HashSet<>(k.inflight);
    long deadline = k.atNanos + Duration.ofMinutes(3).toNanos();
    while (!pending.isEmpty() && System.nanoTime() < deadline) {
      try (Jedis j = new Jedis(java.net.URI.create(redis.url()))) {
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
          Set<String> runningElsewhere = new HashSet<>();
          for (String key : j.keys(NS + ":inflight:*")) {
            if (!key.contains(":" + deadPid + ":")) {
              for (String job : j.lrange(key, 0, -1)) {
                dev.agentoutbox.queue.JobEnvelope.auditIdOf(job).ifPresent(runningElsewhere::add);
              }
            }
          }
          for (String id : new ArrayList<>(pending)) {
            if (runningElsewhere.contains(id)
                || j.zscore(NS + ":done", id) != null
                || j.zscore(NS + ":retry:phase8", id) != null) {
              k.recoveredAfterMs.put(id, (System.nanoTime() - k.atNanos) / 1_000_000);
              pending.remove(id);
            }
          }
          sleep(20);
        }
      } catch (RuntimeException e) {
        sleep(200);
      }
    }
  }

  private static void awaitDrained(Pipeline p, RedisServer redis, Duration max) throws Exception {
    long deadline = System.nanoTime() + max.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      try (Jedis j = new Jedis(java.net.URI.create(redis.url()))) {
        long queued = j.llen(NS + ":queue:phase8");
        long retries = j.zcard(NS + ":retry:phase8");
        long inflight = 0;
        for (String key : j.keys(NS + ":inflight:*")) {
          inflight += j.llen(key);
        }
        long spool = p.apiHealth().path("handoff").path("spool_depth").asLong(0);
        last =
            "queued="
                + queued
                + " retries="
                + retries
                + " inflight="
                + inflight
                + " spool="
                + spool;
        if (queued == 0 && retries == 0 && inflight == 0 && spool == 0) {
          return;
        }
      } catch (RuntimeException e) {
        last = e.toString();
      }
      sleep(500);
    }
    throw new AssertionError("not drained within " + max + ": " + last);
  }

  private static String at(long t0) {
    return String.format("t+%5.1fs", (System.nanoTime() - t0) / 1e9);
  }

  private static void sleepUntil(long nanos) {
    long d = nanos - System.nanoTime();
    if (d > 0) {
      sleep(d / 1_000_000);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
