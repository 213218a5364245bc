package dev.agentoutbox.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentoutbox.payload.AuditPayload;
import dev.agentoutbox.queue.JobEnvelope;
import dev.agentoutbox.queue.QueueKeys;
import dev.agentoutbox.sink.governance.DatabricksDialect;
import dev.agentoutbox.sink.governance.GovernanceColumn;
import dev.agentoutbox.sink.governance.GovernanceConfig;
import dev.agentoutbox.sink.governance.GovernanceSink;
import dev.agentoutbox.sink.governance.GovernanceStats;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * Governance writes against a slow warehouse: a real PostgreSQL table whose every INSERT statement
 * sleeps (a {@code BEFORE INSERT ... FOR EACH STATEMENT} trigger calling {@code pg_sleep}), as a
 * Databricks SQL warehouse takes ~0.5-2 s per statement. Measured: records/s of a worker process
 * with many threads, without batching (one statement per record) and with group commit; and the
 * sink alone fed through {@code writeAsync}.
 */
public final class SlowWarehouseBench {
  private final BenchServers servers;
  private final BenchSettings settings;
  private final Path root;
  private final Path workDir;

  public SlowWarehouseBench(BenchServers servers, BenchSettings settings, Path root, Path workDir) {
    this.servers = servers;
    this.settings = settings;
    this.root = root;
    this.workDir = workDir;
  }

  /** A database whose governance table takes {@code delay} per INSERT statement. */
  public static String slowDatabase(BenchServers servers, String prefix, Duration delay)
      throws SQLException {
    String db = servers.database(prefix);
    GovernanceSink.open(config(servers, db).build()).close(); // creates the table
    try (Connection c = servers.connect(db);
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE FUNCTION bench_slow_statement() RETURNS trigger LANGUAGE plpgsql AS $$"
              + " BEGIN PERFORM pg_sleep("
              + (delay.toMillis() / 1000.0)
              + "); RETURN NULL; END $$");
      s.execute(
          "CREATE TRIGGER bench_slow_statement BEFORE INSERT ON governance"
              + " FOR EACH STATEMENT EXECUTE FUNCTION bench_slow_statement()");
    }
    return db;
  }

  static GovernanceConfig.Builder config(BenchServers servers, String db) {
    return GovernanceConfig.builder()
        .jdbcUrl(db)
        .user(servers.postgres.user())
        .password(servers.postgres.password());
  }

  public ObjectNode run() throws Exception {
    Duration delay = settings.slowStatement();
    String db = slowDatabase(servers, "slow", delay);
    ObjectNode out = Json.object();
    out.put("injected_latency_per_statement_ms", delay.toMillis());
    out.put(
        "how",
        "PostgreSQL trigger BEFORE INSERT ON governance FOR EACH STATEMENT: PERFORM pg_sleep(s)");
    out.put("window_seconds", settings.slowWindow().toSeconds());
    ArrayNode runs = out.putArray("runs");
    int threads = settings.slowThreads();
    runs.add(
        worker(
            db,
            "no batching",
            threads,
            Map.of("GOVERNANCE_BATCH_MAX_SIZE", "1", "GOVERNANCE_BATCH_WINDOW_MS", "0")));
    runs.add(worker(db, "group commit (defaults: up to 100 rows, 5 ms window)", threads, Map.of()));
    runs.add(sinkAlone(db));
    int rowsPerMerge = DatabricksDialect.MAX_PARAMETERS / GovernanceColumn.count();
    ObjectNode dbx = out.putObject("databricks_chunked_merge");
    dbx.put("measured", false);
    dbx.put("rows_per_statement", rowsPerMerge);
    dbx.put("default_pool_size", DatabricksDialect.DEFAULT_POOL_SIZE);
    dbx.put(
        "bound_rows_per_second_at_injected_latency",
        Percentiles.round(
            rowsPerMerge * DatabricksDialect.DEFAULT_POOL_SIZE * 1000.0 / delay.toMillis()));
    dbx.put(
        "why",
        "no Databricks SQL warehouse is reachable from this machine (the dialect is only tested at"
            + " SQL-generation level); the figure is the arithmetic bound: rows per MERGE (256"
            + " parameters / columns) x connections / statement latency");
    servers.flushRedis();
    return out;
  }

  private ObjectNode worker(String db, String label, int threads, Map<String, String> extra)
      throws Exception {
    Bench.log("slow warehouse: worker, %s, %d threads", label, threads);
    servers.flushRedis();
    truncate(db);
    int jobs = 6_000;
    prefill(jobs);
    Map<String, String> env = new HashMap<>(extra);
    env.put("REDIS_URL", servers.redis.url());
    env.put("GOVERNANCE_JDBC_URL", db);
    env.put("GOVERNANCE_JDBC_USER", servers.postgres.user());
    if (servers.postgres.password() != null) {
      env.put("GOVERNANCE_JDBC_PASSWORD", servers.postgres.password());
    }
    env.put("WORKER_THREADS", Integer.toString(threads));
    env.put("SHUTDOWN_GRACE_SECONDS", "1");
    QueueProbe probe = new QueueProbe(servers);
    ObjectNode r = Json.object();
    r.put("config", label);
    r.put("worker_threads", threads);
    extra.forEach(r::put);
    String load = ProcStat.loadAverage();
    Services.Started w = Services.worker(root, workDir, "slow-worker-" + runs++, env, List.of());
    try {
      Sleep.millis(3_000); // warm-up: pool connections, first batches
      long d0;
      long rows0 = rows(db);
      CpuMeter cpu =
          new CpuMeter()
              .group("worker", () -> Set.of(w.process().pid()))
              .group("postgresql", servers::postgresPids)
              .start();
      try (Jedis j = servers.jedis()) {
        d0 = probe.done(j);
      }
      long t0 = System.nanoTime();
      Sleep.millis(settings.slowWindow().toMillis());
      long d1;
      try (Jedis j = servers.jedis()) {
        d1 = probe.done(j);
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      long rows1 = rows(db);
      r.put("loadavg_before", load);
      r.put("records_done", d1 - d0);
      r.put("records_per_second", Percentiles.round((d1 - d0) / secs));
      r.put("rows_per_second", Percentiles.round((rows1 - rows0) / secs));
      r.set("cpu", cpu.stop());
      r.set("footprint_worker", Footprint.of(w.process().pid()));
    } finally {
      w.process().kill();
    }
    Bench.log("slow warehouse: %s: %s records/s", label, r.path("records_per_second").asText());
    return r;
  }

  private int runs;

  private ObjectNode sinkAlone(String db) throws Exception {
    Bench.log("slow warehouse: sink alone, writeAsync");
    truncate(db);
    Payloads payloads = new Payloads();
    int n = 3_000;
    List<AuditPayload> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      list.add(payloads.payload(i));
    }
    ObjectNode r = Json.object();
    r.put("config", "sink alone: GovernanceSink.writeAsync from 1 thread, group commit defaults");
    try (GovernanceSink sink = GovernanceSink.open(config(servers, db).build())) {
      long t0 = System.nanoTime();
      List<CompletableFuture<Void>> fs = new ArrayList<>(n);
      for (AuditPayload p : list) {
        fs.add(sink.writeAsync(p));
      }
      CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
      double secs = (System.nanoTime() - t0) / 1e9;
      GovernanceStats stats = sink.stats();
      r.put("records", n);
      r.put("seconds", Percentiles.round(secs));
      r.put("records_per_second", Percentiles.round(n / secs));
      r.put("statements", stats.statements());
      r.put("largest_batch", stats.largestBatch());
      r.put("pool_size", sink.config().poolSize());
    }
    return r;
  }

  private void prefill(int jobs) {
    Payloads payloads = new Payloads();
    QueueKeys keys = QueueKeys.defaults();
    long now = System.currentTimeMillis();
    try (Jedis j = servers.jedis()) {
      j.sadd(keys.queues(), keys.queue());
      Pipeline p = j.pipelined();
      for (int i = 0; i < jobs; i++) {
        String json = payloads.json(i);
        p.rpush(keys.queueList(), JobEnvelope.toJobJson(json));
        p.zadd(keys.ledger(), now, Json.parse(json).path("audit_id").asText());
      }
      p.sync();
    }
  }

  private void truncate(String db) throws SQLException {
    try (Connection c = servers.connect(db);
        Statement s = c.createStatement()) {
      s.execute("TRUNCATE governance");
    }
  }

  private long rows(String db) throws SQLException {
    try (Connection c = servers.connect(db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM governance")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
