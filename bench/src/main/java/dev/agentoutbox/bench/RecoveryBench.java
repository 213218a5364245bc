package dev.agentoutbox.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentoutbox.e2e.Pipeline;
import dev.agentoutbox.payload.AuditPayload;
import dev.agentoutbox.queue.HeartbeatSettings;
import dev.agentoutbox.queue.JobEnvelope;
import dev.agentoutbox.queue.QueueKeys;
import dev.agentoutbox.queue.QueueUnavailableException;
import dev.agentoutbox.queue.RedisAuditQueue;
import dev.agentoutbox.queue.RedisSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import redis.clients.jedis.Jedis;

/**
 * Crash recovery: two worker processes (default heartbeat: TTL 10 s, beat every 2 s, reaper every 2
 * s) under a steady load of jobs that each take ~1 s (the slow-warehouse table, batched), killed
 * with SIGKILL alternately while they hold jobs; each killed worker is restarted at once. Per job
 * held at the kill: the time until the reaper put it back in the queue, and until it ran again on
 * another worker (in its in-flight list) or was done, as the chaos suite measures it.
 */
public final class RecoveryBench {
  private static final int WORKERS = 2;
  private static final int THREADS = 4;
  private static final int ENQUEUE_PER_SECOND = 5;

  private final BenchServers servers;
  private final BenchSettings settings;
  private final Path root;
  private final Path workDir;

  public RecoveryBench(BenchServers servers, BenchSettings settings, Path root, Path workDir) {
    this.servers = servers;
    this.settings = settings;
    this.root = root;
    this.workDir = workDir;
  }

  /** One SIGKILL and what became of the jobs it interrupted. */
  static final class Kill {
    final int number;
    final int worker;
    final long pid;
    final long atNanos = System.nanoTime();
    final long atEpochMs = System.currentTimeMillis();
    final Set<String> inflight;
    final Map<String, Long> runningAgainMs = new ConcurrentHashMap<>();
    final Map<String, Long> requeuedMs = new ConcurrentHashMap<>();
    final Set<String> finishedBeforeKill = ConcurrentHashMap.newKeySet();

    Kill(int number, int worker, long pid, Set<String> inflight) {
      this.number = number;
      this.worker = worker;
      this.pid = pid;
      this.inflight = inflight;
    }
  }

  public ObjectNode run() throws Exception {
    servers.flushRedis();
    String db = SlowWarehouseBench.slowDatabase(servers, "recovery", Duration.ofMillis(1_000));
    Map<String, String> env = new HashMap<>();
    env.put("GOVERNANCE_JDBC_URL", db);
    env.put("GOVERNANCE_JDBC_USER", servers.postgres.user());
    if (servers.postgres.password() != null) {
      env.put("GOVERNANCE_JDBC_PASSWORD", servers.postgres.password());
    }
    env.put("WORKER_THREADS", Integer.toString(THREADS));
    env.put("SHUTDOWN_GRACE_SECONDS", "2");
    QueueKeys keys = QueueKeys.defaults();
    HeartbeatSettings hb = HeartbeatSettings.defaults();
    ObjectNode out = Json.object();
    out.put("workers", WORKERS);
    out.put("threads_per_worker", THREADS);
    out.put("heartbeat_ttl_ms", hb.ttl().toMillis());
    out.put("heartbeat_period_ms", hb.period().toMillis());
    out.put("reap_period_ms", hb.reapPeriod().toMillis());
    out.put("worst_case_by_design_ms", hb.worstCaseRecovery().toMillis());
    out.put("job_duration", "~1 s (governance INSERT with pg_sleep(1), group commit), no MLflow");
    out.put("load_jobs_per_second", ENQUEUE_PER_SECOND);

    List<Kill> kills = new ArrayList<>();
    ExecutorService monitors = Executors.newCachedThreadPool();
    List<Future<?>> watching = new ArrayList<>();
    AtomicBoolean feeding = new AtomicBoolean(true);
    Payloads payloads = new Payloads();
    try (Pipeline p =
            new Pipeline(
                    new Pipeline.Options(
                        root, workDir.resolve("recovery"), servers.redis.url(), env, WORKERS))
                .start();
        RedisAuditQueue queue =
            new RedisAuditQueue(RedisSettings.builder().url(servers.redis.url()).build())) {
      Thread feeder = new Thread(() -> feed(queue, payloads, feeding), "recovery-feeder");
      feeder.setDaemon(true);
      feeder.start();
      Sleep.millis(3_000);
      int maxKills = settings.kills() + settings.kills() / 2;
      int withJobs = 0;
      for (int k = 0; withJobs < settings.kills() && k < maxKills; k++) {
        long next = System.nanoTime() + settings.killSpacing().toNanos();
        int w = k % WORKERS;
        long pid = p.worker(w).pid();
        Set<String> inflight = awaitInflight(keys, pid, Duration.ofSeconds(3));
        Kill kill = new Kill(k + 1, w, pid, inflight);
        p.killWorker(w);
        kills.add(kill);
        if (!inflight.isEmpty()) {
          withJobs++;
        }
        Bench.log(
            "recovery: kill %d: worker %d (pid %d) with %d job(s) in flight",
            k + 1, w, pid, inflight.size());
        watching.add(monitors.submit(() -> watch(keys, kill)));
        Sleep.millis(500);
        p.startWorker(w);
        Sleep.untilNanos(next);
      }
      for (Future<?> f : watching) {
        f.get(3, TimeUnit.MINUTES);
      }
      feeding.set(false);
    } finally {
      feeding.set(false);
      monitors.shutdownNow();
    }

    List<Long> running = new ArrayList<>();
    List<Long> requeued = new ArrayList<>();
    List<Long> perKill = new ArrayList<>();
    int notRecovered = 0;
    int raced = 0;
    ArrayNode detail = out.putArray("kills");
    for (Kill k : kills) {
      ObjectNode o = detail.addObject();
      o.put("kill", k.number);
      o.put("worker", k.worker);
      o.put("jobs_in_flight", k.inflight.size());
      o.put("finished_before_kill", k.finishedBeforeKill.size());
      raced += k.finishedBeforeKill.size();
      long worst = -1;
      for (String id : k.inflight) {
        if (k.finishedBeforeKill.contains(id)) {
          continue;
        }
        Long ms = k.runningAgainMs.get(id);
        if (ms == null) {
          notRecovered++;
          continue;
        }
        running.add(ms * 1_000_000L);
        worst = Math.max(worst, ms);
        Long rq = k.requeuedMs.get(id);
        if (rq != null) {
          requeued.add(rq * 1_000_000L);
        }
      }
      o.put("slowest_job_running_again_ms", worst);
      if (worst >= 0) {
        perKill.add(worst * 1_000_000L);
      }
    }
    out.put("kills_total", kills.size());
    out.put("kills_with_jobs_in_flight", kills.stream().filter(k -> !k.inflight.isEmpty()).count());
    out.put("jobs_interrupted", kills.stream().mapToInt(k -> k.inflight.size()).sum());
    out.put("jobs_finished_before_kill_landed", raced);
    out.put("jobs_not_recovered_within_3_min", notRecovered);
    out.set("job_running_again_ms", Percentiles.ofNanos(running).toMillisJson());
    out.set("job_back_in_queue_ms", Percentiles.ofNanos(requeued).toMillisJson());
    out.set("kill_slowest_job_running_again_ms", Percentiles.ofNanos(perKill).toMillisJson());
    servers.flushRedis();
    return out;
  }

  private void feed(RedisAuditQueue queue, Payloads payloads, AtomicBoolean feeding) {
    long interval = 1_000_000_000L / ENQUEUE_PER_SECOND;
    long next = System.nanoTime();
    int i = 0;
    while (feeding.get()) {
      AuditPayload p = payloads.payload(i++);
      try {
        queue.enqueue(p);
      } catch (QueueUnavailableException | RuntimeException e) {
        Bench.log("recovery feeder: %s", e);
      }
      next += interval;
      Sleep.untilNanos(next);
    }
  }

  private Set<String> awaitInflight(QueueKeys keys, long pid, Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    try (Jedis j = servers.jedis()) {
      while (System.nanoTime() < deadline) {
        Set<String> ids = inflightOf(j, keys, pid, true);
        if (!ids.isEmpty()) {
          return ids;
        }
        Sleep.millis(20);
      }
    }
    return Set.of();
  }

  /** Audit ids in the in-flight lists of the process with this pid (or of every other one). */
  private Set<String> inflightOf(Jedis j, QueueKeys keys, long pid, boolean ofThisPid) {
    Set<String> ids = new HashSet<>();
    for (String key : new QueueProbe(servers, keys).inflightKeys(j)) {
      if (key.contains(":" + pid + ":") == ofThisPid) {
        for (String job : j.lrange(key, 0, -1)) {
          JobEnvelope.auditIdOf(job).ifPresent(ids::add);
        }
      }
    }
    return ids;
  }

  private void watch(QueueKeys keys, Kill k) {
    Set<String> pending = new HashSet<>(k.inflight);
    long deadline = k.atNanos + Duration.ofMinutes(3).toNanos();
    try (Jedis j = servers.jedis()) {
      while (!pending.isEmpty() && System.nanoTime() < deadline) {
        Set<String> elsewhere = inflightOf(j, keys, k.pid, false);
        for (String id : new ArrayList<>(pending)) {
          Double done = j.zscore(keys.done(), id);
          if (done != null && done.longValue() < k.atEpochMs) {
            k.finishedBeforeKill.add(id);
            pending.remove(id);
          } else if (elsewhere.contains(id) || done != null) {
            k.runningAgainMs.put(id, (System.nanoTime() - k.atNanos) / 1_000_000);
            pending.remove(id);
          }
        }
        Sleep.millis(50);
      }
      for (String e : j.lrange(keys.recovered(), 0, -1)) {
        JsonNode n = Json.parse(e);
        if (!n.path("worker").asText().contains(":" + k.pid + ":")) {
          continue;
        }
        JobEnvelope.auditIdOf(n.path("job").asText())
            .filter(k.inflight::contains)
            .ifPresent(id -> k.requeuedMs.put(id, n.path("reaped_at").asLong() - k.atEpochMs));
      }
    }
  }
}
