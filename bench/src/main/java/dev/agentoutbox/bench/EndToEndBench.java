package dev.agentoutbox.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentoutbox.e2e.MlflowRest;
import dev.agentoutbox.e2e.Pipeline;
import dev.agentoutbox.payload.AuditPayload;
import dev.agentoutbox.sink.InMemorySinkProgress;
import dev.agentoutbox.sink.mlflow.MlflowConfig;
import dev.agentoutbox.sink.mlflow.MlflowSink;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Records/s from the HTTP API into both real sinks (PostgreSQL + MLflow) with 1, 2 and 4 worker
 * processes (the e2e {@link Pipeline}): the records are sent through {@code POST /v1/query} as fast
 * as the API takes them, and the clock stops when the last one is done in both sinks. CPU of every
 * process is measured over the run, and the 1-worker run is profiled with JFR.
 */
public final class EndToEndBench {
  private static final int SENDERS = 8;

  private final BenchServers servers;
  private final BenchSettings settings;
  private final Path root;
  private final Path workDir;
  private long loadFromMs;
  private long loadToMs;

  public EndToEndBench(BenchServers servers, BenchSettings settings, Path root, Path workDir) {
    this.servers = servers;
    this.settings = settings;
    this.root = root;
    this.workDir = workDir;
  }

  public ObjectNode run() throws Exception {
    ObjectNode out = Json.object();
    out.put("records_per_configuration", settings.e2eRecords());
    out.put("threads_per_worker", settings.e2eThreads());
    out.put("http_senders", SENDERS);
    out.put("agent_simulated_latency_ms", 0);
    ArrayNode runs = out.putArray("runs");
    boolean profiled = false;
    for (int workers : settings.e2eWorkers()) {
      boolean profile = !profiled;
      profiled = true;
      runs.add(once(workers, profile, out));
    }
    ArrayNode alone = out.putArray("mlflow_sink_alone");
    alone.add(mlflowAlone(1, settings.e2eThreads()));
    alone.add(mlflowAlone(2, 2 * settings.e2eThreads()));
    servers.flushRedis();
    return out;
  }

  /**
   * The MLflow sink without queue or worker: {@code sinks} MlflowSink instances (one per worker
   * process) written by {@code threads} threads in this JVM; shows what the tracking server alone
   * takes.
   */
  private ObjectNode mlflowAlone(int sinks, int threads) throws Exception {
    int n = Math.max(100, settings.e2eRecords() / 2);
    Bench.log("e2e: MLflow sink alone, %d sink(s), %d threads, %d records", sinks, threads, n);
    Payloads payloads = new Payloads();
    List<AuditPayload> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(payloads.payload(i));
    }
    MlflowConfig config =
        MlflowConfig.builder()
            .trackingUri(servers.mlflow.trackingUri())
            .experimentName("bench-mlflow-alone-" + sinks)
            .build();
    List<MlflowSink> open = new ArrayList<>();
    for (int i = 0; i < sinks; i++) {
      open.add(new MlflowSink(config));
    }
    ObjectNode r = Json.object();
    r.put("sinks", sinks);
    r.put("threads", threads);
    r.put("records", n);
    try {
      open.get(0).write(payloads.payload(0), new InMemorySinkProgress()); // experiment, warm-up
      CpuMeter cpu =
          new CpuMeter()
              .group("mlflow_server", servers::mlflowPids)
              .group("bench_jvm_sinks", () -> Set.of(ProcessHandle.current().pid()))
              .start();
      AtomicInteger next = new AtomicInteger();
      AtomicInteger failed = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      long t0 = System.nanoTime();
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        MlflowSink sink = open.get(t % sinks);
        fs.add(
            pool.submit(
                () -> {
                  int i;
                  while ((i = next.getAndIncrement()) < n) {
                    try {
                      sink.write(list.get(i), new InMemorySinkProgress());
                    } catch (Exception e) {
                      failed.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : fs) {
        f.get(10, TimeUnit.MINUTES);
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      pool.shutdown();
      r.put("failed", failed.get());
      r.put("seconds", Percentiles.round(secs));
      r.put("records_per_second", Percentiles.round(n / secs));
      r.set("cpu", cpu.stop());
    } finally {
      open.forEach(MlflowSink::close);
    }
    return r;
  }

  private ObjectNode once(int workers, boolean profile, ObjectNode out) throws Exception {
    Bench.log(
        "e2e: %d worker process(es), %d records%s",
        workers, settings.e2eRecords(), profile ? ", JFR on worker 0" : "");
    servers.flushRedis();
    String db = servers.database("e2e_w" + workers);
    String experiment = "bench-e2e-w" + workers;
    Path dir = workDir.resolve("e2e-w" + workers);
    Files.createDirectories(dir);
    Map<String, String> env = new HashMap<>();
    env.put("GOVERNANCE_JDBC_URL", db);
    env.put("GOVERNANCE_JDBC_USER", servers.postgres.user());
    if (servers.postgres.password() != null) {
      env.put("GOVERNANCE_JDBC_PASSWORD", servers.postgres.password());
    }
    env.put("MLFLOW_TRACKING_URI", servers.mlflow.trackingUri());
    env.put("MLFLOW_EXPERIMENT", experiment);
    env.put("WORKER_THREADS", Integer.toString(settings.e2eThreads()));
    env.put("SHUTDOWN_GRACE_SECONDS", "5");
    Path recording = dir.resolve("worker-0.jfr");
    if (profile) {
      env.put("JAVA_TOOL_OPTIONS", JfrProfile.jvmOption(dir, recording));
    }
    QueueProbe probe = new QueueProbe(servers);
    ObjectNode r = Json.object();
    r.put("workers", workers);
    r.put("threads_per_worker", settings.e2eThreads());
    r.put("jfr_on_worker_0", profile);
    try (Pipeline p =
        new Pipeline(new Pipeline.Options(root, dir, servers.redis.url(), env, workers)).start()) {
      // idle footprint (after start-up settled)
      Sleep.millis(3_000);
      if (profile) {
        ObjectNode idle = Json.object();
        idle.set("api", Footprint.of(p.api().pid()));
        idle.set("worker", Footprint.of(p.worker(0).pid()));
        r.set("footprint_idle", idle);
      }
      Set<Long> workerPids = new HashSet<>();
      for (int i = 0; i < workers; i++) {
        workerPids.add(p.worker(i).pid());
      }
      CpuMeter cpu =
          new CpuMeter()
              .group("agent_api", () -> Set.of(p.api().pid()))
              .group("workers", () -> new HashSet<>(workerPids))
              .group("mlflow_server", servers::mlflowPids)
              .group("postgresql", servers::postgresPids)
              .group("redis", servers::redisPids)
              .group("bench_harness", () -> Set.of(ProcessHandle.current().pid()))
              .start();
      String load = ProcStat.loadAverage();
      int n = settings.e2eRecords();
      AtomicInteger next = new AtomicInteger();
      AtomicInteger refused = new AtomicInteger();
      AtomicReference<ObjectNode> apiUnderLoad = new AtomicReference<>();
      long t0 = System.nanoTime();
      loadFromMs = System.currentTimeMillis();
      ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
      Future<?>[] fs = new Future<?>[SENDERS];
      for (int s = 0; s < SENDERS; s++) {
        fs[s] =
            senders.submit(
                () -> {
                  int i;
                  while ((i = next.getAndIncrement()) < n) {
                    if (i == n / 2 && profile) {
                      apiUnderLoad.set(Footprint.of(p.api().pid()));
                    }
                    String[] m = Payloads.MEMBERS[i % Payloads.MEMBERS.length];
                    String body =
                        "{\"user_id\":\""
                            + m[0]
                            + "\",\"country\":\""
                            + m[1]
                            + "\",\"query\":\""
                            + m[2]
                            + "\"}";
                    boolean ok = false;
                    for (int attempt = 0; attempt < 20 && !ok; attempt++) {
                      try {
                        ok = p.post("/v1/query", body).status() == 200;
                      } catch (Exception e) {
                        ok = false;
                      }
                      if (!ok) {
                        refused.incrementAndGet();
                        Sleep.millis(100);
                      }
                    }
                  }
                  return null;
                });
      }
      for (Future<?> f : fs) {
        f.get(10, TimeUnit.MINUTES);
      }
      senders.shutdown();
      long tSent = System.nanoTime();
      ObjectNode workerUnderLoad = null;
      if (profile) {
        long half = probe.awaitDone(n / 2, Duration.ofMinutes(5));
        if (half > 0) {
          workerUnderLoad = Footprint.of(p.worker(0).pid());
        }
      }
      long tDone = probe.awaitDone(n, Duration.ofMinutes(8));
      loadToMs = System.currentTimeMillis();
      ObjectNode cpuUse = cpu.stop();
      r.put("loadavg_before", load);
      r.put("records", n);
      r.put("http_retries", refused.get());
      r.put("api_accept_seconds", Percentiles.round((tSent - t0) / 1e9));
      r.put("api_accept_per_second", Math.round(n / ((tSent - t0) / 1e9)));
      if (tDone < 0) {
        r.put("error", "not all records done within 8 minutes");
      } else {
        double secs = (tDone - t0) / 1e9;
        r.put("seconds_to_both_sinks", Percentiles.round(secs));
        r.put("records_per_second", Percentiles.round(n / secs));
      }
      r.set("cpu", cpuUse);
      if (profile) {
        ObjectNode load2 = Json.object();
        if (apiUnderLoad.get() != null) {
          load2.set("api", apiUnderLoad.get());
        }
        if (workerUnderLoad != null) {
          load2.set("worker", workerUnderLoad);
        }
        r.set("footprint_under_load", load2);
        JfrProfile.dump(p.worker(0).pid(), recording);
      }
      r.set("verified", verify(db, experiment, n));
    }
    if (profile && Files.exists(recording)) {
      Map<Integer, String> ports = new HashMap<>();
      ports.put(URI.create(servers.mlflow.trackingUri()).getPort(), "MLflow server");
      ports.put(servers.redis.port(), "Redis");
      ports.put(pgPort(), "PostgreSQL");
      ObjectNode jfr =
          JfrProfile.summarize(recording, ports, "outbox-worker-", loadFromMs, loadToMs);
      jfr.put("window", "from the first HTTP request to the last record done");
      jfr.put("file", root.relativize(recording).toString());
      String summary = JfrProfile.jfrSummary(recording);
      Path summaryFile = root.resolve("bench/results/jfr-summary-worker.txt");
      Files.createDirectories(summaryFile.getParent());
      Files.writeString(summaryFile, summary);
      jfr.put("jfr_summary_file", root.relativize(summaryFile).toString());
      out.set("jfr_worker_profile", jfr);
    }
    Bench.log("e2e: %d worker(s): %s records/s", workers, r.path("records_per_second").asText());
    return r;
  }

  private int pgPort() {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("//[^:/]+:(\\d+)").matcher(servers.postgres.jdbcUrl());
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  /** Every record in both sinks, once. */
  private ObjectNode verify(String db, String experiment, int n) throws Exception {
    ObjectNode v = Json.object();
    try (Connection c = servers.connect(db);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT count(*), count(DISTINCT audit_id) FROM governance")) {
      rs.next();
      v.put("governance_rows", rs.getLong(1));
      v.put("governance_distinct_audit_ids", rs.getLong(2));
    }
    MlflowRest rest = new MlflowRest(servers.mlflow.trackingUri());
    String exp = rest.experimentId(experiment).orElse(null);
    if (exp != null) {
      var runs = rest.allRuns(exp);
      v.put("mlflow_runs", runs.size());
      v.put(
          "mlflow_runs_finished", runs.stream().filter(r -> "FINISHED".equals(r.status())).count());
    }
    v.put("expected", n);
    return v;
  }
}
