package dev.agentoutbox.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentoutbox.queue.JobEnvelope;
import dev.agentoutbox.queue.QueueKeys;
import dev.agentoutbox.queue.RedisSettings;
import dev.agentoutbox.sink.AuditSink;
import dev.agentoutbox.worker.WorkerConfig;
import dev.agentoutbox.worker.WorkerMetrics;
import dev.agentoutbox.worker.WorkerRuntime;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.greghaines.jesque.worker.MapBasedJobFactory;
import net.greghaines.jesque.worker.WorkerImpl;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * Queue machinery alone: the queue is pre-filled with the same jobs (real Phase 8 payloads), then
 * drained by (1) our {@link WorkerRuntime} with two no-op sinks, reliability layer on (heartbeat,
 * reaper, per-sink progress, atomic ack), and (2) bare Jesque 2.2.0 {@link WorkerImpl} threads
 * running a trivial job, in this JVM, on the same Redis, in the same run.
 */
public final class QueueBench {
  private static final int WARMUP_JOBS = 10_000;
  private static final int MONITORED_JOBS = 2_000;
  private static final int PROFILED_JOBS = 20_000;
  private static final int AWAKE_JOBS = 30_000;
  static final String IDLE = "idle machine";
  static final String KEPT_AWAKE = "vCPUs kept awake by nice-19 spinners";

  private final BenchServers servers;
  private final BenchSettings settings;

  public QueueBench(BenchServers servers, BenchSettings settings) {
    this.servers = servers;
    this.settings = settings;
  }

  public ObjectNode run() throws Exception {
    int n = settings.queueJobs();
    Payloads payloads = new Payloads();
    List<String[]> jobs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String json = payloads.json(i);
      String id = Json.parse(json).path("audit_id").asText();
      jobs.add(new String[] {id, JobEnvelope.toJobJson(json)});
    }
    ObjectNode out = Json.object();
    out.put("jobs_per_drain", n);
    out.put("job_json_bytes", jobs.get(0)[1].length());
    out.put("our_sinks", "2 no-op sinks (governance, mlflow): per-sink progress is still recorded");
    RedisSettings redis = RedisSettings.builder().url(servers.redis.url()).build();
    // A backlog of 100k jobs makes the AOF grow by hundreds of MB per drain; left on, automatic
    // rewrites (a fork copying the backlog) land inside some drains and not others. AOF and
    // everysec fsync stay on; the file is compacted between drains instead (see prefill).
    String rewritePercentage;
    try (Jedis j = servers.jedis()) {
      rewritePercentage = j.configGet("auto-aof-rewrite-percentage").get(1);
      j.configSet("auto-aof-rewrite-percentage", "0");
    }
    out.put(
        "aof",
        "appendonly yes, appendfsync everysec; automatic AOF rewrites off during the drains"
            + " (auto-aof-rewrite-percentage 0), BGREWRITEAOF between drains");
    try {
      drains(out, jobs, redis);
    } finally {
      try (Jedis j = servers.jedis()) {
        j.configSet("auto-aof-rewrite-percentage", rewritePercentage);
      }
    }
    servers.flushRedis();
    return out;
  }

  private void drains(ObjectNode out, List<String[]> jobs, RedisSettings redis) throws Exception {
    ArrayNode runs = out.putArray("runs");
    // warm-up drains (JIT, connections), not recorded
    List<String[]> warm = jobs.subList(0, Math.min(jobs.size(), WARMUP_JOBS));
    drain("ours (warm-up)", 2, warm, () -> ours(redis, 2));
    drain("bare_jesque (warm-up)", 2, warm, () -> bareJesque(redis, 2));
    for (int threads : settings.queueThreads()) {
      runs.add(drain("ours", threads, jobs, () -> ours(redis, threads)));
      runs.add(drain("bare_jesque", threads, jobs, () -> bareJesque(redis, threads)));
    }
    out.set(
        "profile_ours_1_thread",
        profileOurs(redis, jobs.subList(0, Math.min(jobs.size(), PROFILED_JOBS))));
    // One thread ping-pongs with Redis: each side idles between round trips, and on this VM a
    // vCPU waking from idle costs tens of microseconds per round trip. Measured again with both
    // vCPUs kept busy by a nice-19 spinner each (it yields to everything else).
    List<String[]> awake = jobs.subList(0, Math.min(jobs.size(), AWAKE_JOBS));
    try (Spinners s = Spinners.start(Runtime.getRuntime().availableProcessors())) {
      runs.add(drain("ours", 1, awake, () -> ours(redis, 1), KEPT_AWAKE));
      runs.add(drain("bare_jesque", 1, awake, () -> bareJesque(redis, 1), KEPT_AWAKE));
    }
    List<String[]> sample = jobs.subList(0, Math.min(jobs.size(), MONITORED_JOBS));
    ObjectNode trips = out.putObject("round_trips_per_job");
    trips.put("how", "MONITOR during a 1-thread drain of " + sample.size() + " jobs");
    trips.set("ours", roundTrips(sample, () -> ours(redis, 1)));
    trips.set("bare_jesque", roundTrips(sample, () -> bareJesque(redis, 1)));
  }

  /** Starts workers; closing stops them. */
  @FunctionalInterface
  private interface Workers {
    AutoCloseable start() throws Exception;
  }

  private ObjectNode drain(String impl, int threads, List<String[]> jobs, Workers workers)
      throws Exception {
    return drain(impl, threads, jobs, workers, IDLE);
  }

  private ObjectNode drain(
      String impl, int threads, List<String[]> jobs, Workers workers, String condition)
      throws Exception {
    Bench.log(
        "queue: %s, %d thread(s), draining %d jobs (%s)", impl, threads, jobs.size(), condition);
    prefill(jobs);
    QueueKeys keys = QueueKeys.defaults();
    long n = jobs.size();
    try (Jedis j = servers.jedis()) {
      j.configResetStat();
    }
    long forksBefore = forks();
    String load = ProcStat.loadAverage();
    CpuMeter cpu =
        new CpuMeter()
            .group("bench_jvm_workers", () -> Set.of(ProcessHandle.current().pid()))
            .group("redis", servers::redisPids)
            .start();
    long t0 = System.nanoTime();
    long t10 = -1;
    long t90 = -1;
    long tEnd = -1;
    long polls = 0;
    try (AutoCloseable w = workers.start();
        Jedis j = servers.jedis()) {
      long deadline = t0 + Duration.ofMinutes(5).toNanos();
      while (System.nanoTime() < deadline) {
        String v = j.get(keys.processed());
        polls++;
        long done = v == null ? 0 : Long.parseLong(v);
        long now = System.nanoTime();
        if (t10 < 0 && done >= n / 10) {
          t10 = now;
        }
        if (t90 < 0 && done >= n * 9 / 10) {
          t90 = now;
        }
        if (done >= n) {
          tEnd = now;
          break;
        }
        Sleep.millis(5);
      }
    }
    ObjectNode cpuUse = cpu.stop();
    ObjectNode r = Json.object();
    r.put("impl", impl);
    r.put("threads", threads);
    r.put("condition", condition);
    r.put("jobs", n);
    r.put("loadavg_before", load);
    if (tEnd < 0) {
      r.put("error", "did not drain within 5 minutes");
      return r;
    }
    double seconds = (tEnd - t0) / 1e9;
    r.put("seconds", Percentiles.round(seconds));
    r.put("jobs_per_second", Math.round(n / seconds));
    r.put("steady_jobs_per_second_10_to_90", Math.round(n * 0.8 / ((t90 - t10) / 1e9)));
    r.put("redis_forks_during_drain", forks() - forksBefore);
    r.set("redis_commands_per_job", commandsPerJob(n, polls));
    r.set("cpu", cpuUse);
    Bench.log("queue: %s, %d thread(s): %d jobs/s", impl, threads, Math.round(n / seconds));
    return r;
  }

  private AutoCloseable ours(RedisSettings redis, int threads) {
    List<AuditSink> sinks = List.of(new NoopSink("governance"), new NoopSink("mlflow"));
    WorkerConfig config =
        WorkerConfig.builder(redis)
            .threads(threads)
            .shutdownGrace(Duration.ofSeconds(2))
            .healthPort(-1)
            .build();
    WorkerRuntime runtime =
        new WorkerRuntime(config, sinks, new WorkerMetrics(), Clock.systemUTC());
    runtime.start();
    return runtime;
  }

  private AutoCloseable bareJesque(RedisSettings redis, int threads) {
    List<WorkerImpl> workers = new ArrayList<>();
    List<Thread> running = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      WorkerImpl w =
          new WorkerImpl(
              redis.jesqueConfig(),
              List.of(redis.keys().queue()),
              new MapBasedJobFactory(Map.of(JobEnvelope.JOB_CLASS, NoopJesqueJob.class)));
      Thread t = new Thread(w, "bare-jesque-" + i);
      workers.add(w);
      running.add(t);
      t.start();
    }
    return () -> {
      workers.forEach(w -> w.end(false));
      for (Thread t : running) {
        t.join(10_000);
      }
    };
  }

  /** FLUSHALL, then the jobs as the hand-off leaves them: queue list, queues set, ledger. */
  private void prefill(List<String[]> jobs) {
    servers.flushRedis();
    try (Jedis j = servers.jedis()) {
      awaitNoRewrite(j);
      j.bgrewriteaof(); // compact the AOF to the (empty) dataset
      Sleep.millis(200);
      awaitNoRewrite(j);
    }
    QueueKeys keys = QueueKeys.defaults();
    long now = System.currentTimeMillis();
    try (Jedis j = servers.jedis()) {
      j.sadd(keys.queues(), keys.queue());
      for (int from = 0; from < jobs.size(); from += 1000) {
        Pipeline p = j.pipelined();
        for (int i = from; i < Math.min(jobs.size(), from + 1000); i++) {
          p.rpush(keys.queueList(), jobs.get(i)[1]);
          p.zadd(keys.ledger(), now, jobs.get(i)[0]);
        }
        p.sync();
      }
      awaitNoRewrite(j);
    }
  }

  private static void awaitNoRewrite(Jedis j) {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (System.nanoTime() < deadline) {
      String p = j.info("persistence");
      if (!p.contains("aof_rewrite_in_progress:1") && !p.contains("aof_rewrite_scheduled:1")) {
        return;
      }
      Sleep.millis(100);
    }
  }

  /**
   * Client round trips and Lua-internal commands per job, from MONITOR (which tags commands run by
   * scripts as {@code [0 lua]}): the harness's own polling and the MONITOR connection are left out.
   */
  private ObjectNode roundTrips(List<String[]> jobs, Workers workers) throws Exception {
    prefill(jobs);
    QueueKeys keys = QueueKeys.defaults();
    java.util.Map<String, Long> fromClients = new java.util.concurrent.ConcurrentSkipListMap<>();
    java.util.Map<String, Long> fromLua = new java.util.concurrent.ConcurrentSkipListMap<>();
    Jedis monitor = servers.jedis();
    Jedis poll = servers.jedis();
    poll.ping();
    String pollAddr = "127.0.0.1:" + poll.getClient().getSocket().getLocalPort() + "]";
    java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
    Thread t =
        new Thread(
            () -> {
              try {
                monitor.monitor(
                    new redis.clients.jedis.JedisMonitor() {
                      @Override
                      public void onCommand(String line) {
                        started.countDown();
                        int open = line.indexOf('[');
                        int close = line.indexOf(']', open);
                        int q = line.indexOf('"', close);
                        if (open < 0 || close < 0 || q < 0) {
                          return;
                        }
                        String source = line.substring(open, close + 1);
                        int q2 = line.indexOf('"', q + 1);
                        String cmd = line.substring(q + 1, q2).toUpperCase(java.util.Locale.ROOT);
                        if (source.endsWith(pollAddr)) {
                          return;
                        }
                        java.util.Map<String, Long> into =
                            source.contains("lua") ? fromLua : fromClients;
                        into.merge(cmd, 1L, Long::sum);
                      }
                    });
              } catch (RuntimeException e) {
                // the connection is closed to stop MONITOR
              }
            },
            "monitor");
    t.setDaemon(true);
    t.start();
    poll.ping(); // the first line MONITOR sees
    started.await(5, java.util.concurrent.TimeUnit.SECONDS);
    try (AutoCloseable w = workers.start()) {
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (System.nanoTime() < deadline) {
        String v = poll.get(keys.processed());
        if (v != null && Long.parseLong(v) >= jobs.size()) {
          break;
        }
        Sleep.millis(20);
      }
    }
    Sleep.millis(200);
    monitor.getClient().getSocket().close();
    t.join(5_000);
    poll.close();
    ObjectNode o = Json.object();
    o.put("client_round_trips", Percentiles.round(sum(fromClients) / (double) jobs.size()));
    o.put("commands_inside_lua", Percentiles.round(sum(fromLua) / (double) jobs.size()));
    ObjectNode byCmd = o.putObject("client_commands");
    fromClients.forEach(
        (k, v) -> {
          double per = v / (double) jobs.size();
          if (per >= 0.01) {
            byCmd.put(k, Percentiles.round(per));
          }
        });
    ObjectNode byLua = o.putObject("lua_commands");
    fromLua.forEach(
        (k, v) -> {
          double per = v / (double) jobs.size();
          if (per >= 0.01) {
            byLua.put(k, Percentiles.round(per));
          }
        });
    return o;
  }

  /**
   * Where our worker thread's CPU goes: an in-process JFR recording (CPU sampled every millisecond)
   * of a 1-thread drain, not counted in the table.
   */
  private ObjectNode profileOurs(RedisSettings redis, List<String[]> jobs) throws Exception {
    Bench.log("queue: JFR profile of ours, 1 thread, %d jobs", jobs.size());
    prefill(jobs);
    java.nio.file.Path file = java.nio.file.Files.createTempFile("queue-ours", ".jfr");
    try (jdk.jfr.Recording rec =
        new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"))) {
      rec.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1));
      long from = System.currentTimeMillis();
      rec.start();
      try (AutoCloseable w = ours(redis, 1);
          Jedis j = servers.jedis()) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
          String v = j.get(QueueKeys.defaults().processed());
          if (v != null && Long.parseLong(v) >= jobs.size()) {
            break;
          }
          Sleep.millis(20);
        }
      }
      long to = System.currentTimeMillis();
      rec.stop();
      rec.dump(file);
      ObjectNode p =
          JfrProfile.summarize(
              file,
              java.util.Map.of(servers.redis.port(), "Redis"),
              "only:outbox-worker-",
              from,
              to);
      p.put("jobs", jobs.size());
      p.put("threads", "worker threads only (outbox-worker-*)");
      return p;
    } finally {
      java.nio.file.Files.deleteIfExists(file);
    }
  }

  private static long sum(java.util.Map<String, Long> m) {
    return m.values().stream().mapToLong(Long::longValue).sum();
  }

  /** INFO commandstats since the drain began, per job (Lua-internal calls included). */
  private ObjectNode commandsPerJob(long jobs, long harnessGets) {
    ObjectNode o = Json.object();
    java.util.Map<String, Double> per = new java.util.TreeMap<>();
    double total = 0;
    try (Jedis j = servers.jedis()) {
      for (String line : j.info("commandstats").split("\r?\n")) {
        if (!line.startsWith("cmdstat_")) {
          continue;
        }
        String cmd = line.substring("cmdstat_".length(), line.indexOf(':'));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("calls=(\\d+)").matcher(line);
        if (m.find() && !cmd.equals("info") && !cmd.startsWith("config")) {
          long calls = Long.parseLong(m.group(1)) - (cmd.equals("get") ? harnessGets : 0);
          double v = calls / (double) jobs;
          total += v;
          if (v >= 0.01) {
            per.put(cmd, Percentiles.round(v));
          }
        }
      }
    }
    o.put("total", Percentiles.round(total));
    per.forEach(o::put);
    return o;
  }

  private long forks() {
    try (Jedis j = servers.jedis()) {
      for (String line : j.info("stats").split("\r?\n")) {
        if (line.startsWith("total_forks:")) {
          return Long.parseLong(line.substring("total_forks:".length()).trim());
        }
      }
    }
    return -1;
  }
}
