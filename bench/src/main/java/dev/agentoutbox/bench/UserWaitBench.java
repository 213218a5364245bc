package dev.agentoutbox.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentoutbox.agent.AgentConfig;
import dev.agentoutbox.agent.AgentRequest;
import dev.agentoutbox.agent.AgentResult;
import dev.agentoutbox.agent.ReferenceAgent;
import dev.agentoutbox.api.handoff.OutboxHandOff;
import dev.agentoutbox.payload.AuditPayload;
import dev.agentoutbox.payload.Phase;
import dev.agentoutbox.queue.RedisAuditQueue;
import dev.agentoutbox.queue.RedisSettings;
import dev.agentoutbox.sink.InMemorySinkProgress;
import dev.agentoutbox.sink.SinkException;
import dev.agentoutbox.sink.governance.GovernanceConfig;
import dev.agentoutbox.sink.governance.GovernanceSink;
import dev.agentoutbox.sink.mlflow.MlflowConfig;
import dev.agentoutbox.sink.mlflow.MlflowSink;
import dev.agentoutbox.spool.FileSpool;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * BRIEF §1's before/after table, measured: the reference agent with simulated LLM latency, and
 * Phase 8 (governance row in PostgreSQL + MLflow run) done (a) inline before responding, (b) on a
 * new non-daemon thread per request (the system we replace), (c) through the outbox. (a)-(c) run in
 * this JVM on the same agent and sink classes; (c) is also measured through the real HTTP API. An
 * audit-worker process drains the outbox during the whole benchmark, so the sinks' work loads the
 * machine in every mode.
 */
public final class UserWaitBench {
  private static final String EXPERIMENT = "bench-userwait";

  private final BenchServers servers;
  private final BenchSettings settings;
  private final Path root;
  private final Path workDir;

  public UserWaitBench(BenchServers servers, BenchSettings settings, Path root, Path workDir) {
    this.servers = servers;
    this.settings = settings;
    this.root = root;
    this.workDir = workDir;
  }

  enum Mode {
    INLINE,
    BACKGROUND_THREAD,
    OUTBOX,
    OUTBOX_HTTP,
    INLINE_SLOW_WAREHOUSE;

    String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public ObjectNode run() throws Exception {
    servers.flushRedis();
    String db = servers.database("userwait");
    AgentConfig.Builder ac = AgentConfig.builder();
    settings.phaseLatency().forEach(ac::latency);
    ReferenceAgent agent = ReferenceAgent.offline(ac.build());
    QueueProbe probe = new QueueProbe(servers);

    // One statement per record, as the system we replace wrote its row.
    GovernanceConfig gov =
        GovernanceConfig.builder()
            .jdbcUrl(db)
            .user(servers.postgres.user())
            .password(servers.postgres.password())
            .maxBatchSize(1)
            .batchWindow(Duration.ZERO)
            .build();
    MlflowConfig ml =
        MlflowConfig.builder()
            .trackingUri(servers.mlflow.trackingUri())
            .experimentName(EXPERIMENT)
            .build();

    Map<String, String> workerEnv = new HashMap<>();
    workerEnv.put("REDIS_URL", servers.redis.url());
    workerEnv.put("GOVERNANCE_JDBC_URL", db);
    workerEnv.put("GOVERNANCE_JDBC_USER", servers.postgres.user());
    if (servers.postgres.password() != null) {
      workerEnv.put("GOVERNANCE_JDBC_PASSWORD", servers.postgres.password());
    }
    workerEnv.put("MLFLOW_TRACKING_URI", servers.mlflow.trackingUri());
    workerEnv.put("MLFLOW_EXPERIMENT", EXPERIMENT);
    workerEnv.put("WORKER_THREADS", "4");
    workerEnv.put("SHUTDOWN_GRACE_SECONDS", "5");

    Map<String, String> apiEnv = new HashMap<>();
    apiEnv.put("REDIS_URL", servers.redis.url());
    settings
        .phaseLatency()
        .forEach(
            (p, d) ->
                apiEnv.put(
                    AgentConfig.ENV_LATENCY_MS_PHASE_PREFIX + p.name(),
                    Long.toString(d.toMillis())));

    ObjectNode out = Json.object();
    ObjectNode lat = out.putObject("simulated_latency_ms");
    for (Phase p : Phase.values()) {
      lat.put(p.key(), settings.phaseLatency().get(p).toMillis());
    }
    out.put("simulated_latency_total_ms", settings.totalLatency().toMillis());
    out.put("seconds_per_rate", settings.userWaitSeconds().toSeconds());
    out.put("arrival", "open loop, fixed spacing 1/rate, response time from scheduled arrival");
    ArrayNode runs = out.putArray("runs");

    RedisSettings redis = RedisSettings.builder().url(servers.redis.url()).build();
    RedisAuditQueue queue = new RedisAuditQueue(redis);
    queue.warmUp(8);
    Services.Started worker =
        Services.worker(root, workDir, "userwait-worker", workerEnv, List.of());
    Services.Started api = Services.api(root, workDir, "userwait-api", apiEnv);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String slowDb =
        SlowWarehouseBench.slowDatabase(servers, "userwait_slow", settings.slowStatement());
    try (GovernanceSink governance = GovernanceSink.open(gov);
        GovernanceSink slowGovernance =
            GovernanceSink.open(gov.toBuilder().jdbcUrl(slowDb).build());
        MlflowSink mlflow = new MlflowSink(ml);
        OutboxHandOff handOff =
            new OutboxHandOff(
                queue,
                new FileSpool(workDir.resolve("userwait-spool"), FileSpool.DEFAULT_MAX_BYTES),
                Clock.systemUTC(),
                OutboxHandOff.DEFAULT_RELAY_PERIOD,
                List.of())) {
      Modes modes = new Modes(agent, governance, slowGovernance, mlflow, handOff, http, api.url());
      // warm-up: JIT, pools, the MLflow experiment; not recorded
      for (Mode m : List.of(Mode.INLINE, Mode.BACKGROUND_THREAD, Mode.OUTBOX, Mode.OUTBOX_HTTP)) {
        for (int i = 0; i < 10; i++) {
          modes.call(m, i);
        }
      }
      modes.awaitBackground();
      probe.awaitDrained(Duration.ofMinutes(2));

      int lowest = settings.rates().stream().min(Integer::compare).orElseThrow();
      for (int rate : settings.rates()) {
        for (Mode m : Mode.values()) {
          if (m == Mode.INLINE_SLOW_WAREHOUSE && rate != lowest) {
            continue; // one statement per record at 1 s each: 4 connections take 4 records/s
          }
          Bench.log(
              "user wait: %s at %d req/s for %d s",
              m.key(), rate, settings.userWaitSeconds().toSeconds());
          modes.resetBackgroundStats();
          String load = ProcStat.loadAverage();
          List<OpenLoop.Sample> samples =
              OpenLoop.run(rate, settings.userWaitSeconds(), i -> modes.call(m, i));
          ObjectNode r = summarize(m, rate, samples);
          r.put("loadavg_before", load);
          if (m == Mode.BACKGROUND_THREAD) {
            r.put("max_live_background_threads", modes.maxLiveThreads.get());
            modes.awaitBackground();
            r.set("record_landed_after_response", landed(samples, modes.landedAtMs));
          } else if (m == Mode.OUTBOX || m == Mode.OUTBOX_HTTP) {
            probe.awaitDrained(Duration.ofMinutes(3));
            List<String> ids =
                samples.stream().filter(s -> s.auditId != null).map(s -> s.auditId).toList();
            r.set("record_landed_after_response", landed(samples, probe.doneAt(ids)));
          }
          runs.add(r);
        }
      }
      out.set("footprint_api_after", Footprint.of(api.process().pid()));
      out.set("footprint_worker_after", Footprint.of(worker.process().pid()));
    } finally {
      api.process().terminate(Duration.ofSeconds(10));
      worker.process().terminate(Duration.ofSeconds(15));
    }
    servers.flushRedis();
    return out;
  }

  private static ObjectNode summarize(Mode m, int rate, List<OpenLoop.Sample> samples) {
    ObjectNode r = Json.object();
    r.put("mode", m.key());
    r.put("rate_per_second", rate);
    List<Long> resp = new ArrayList<>();
    List<Long> agent = new ArrayList<>();
    List<Long> phase8 = new ArrayList<>();
    List<Long> handoff = new ArrayList<>();
    int failed = 0;
    for (OpenLoop.Sample s : samples) {
      if (!s.ok) {
        failed++;
        continue;
      }
      resp.add(s.responseNanos);
      if (s.agentNanos > 0) {
        agent.add(s.agentNanos);
      }
      if (s.phase8Nanos >= 0 && s.agentNanos > 0) {
        phase8.add(s.phase8Nanos);
      }
      if (s.handOffMicros >= 0) {
        handoff.add(s.handOffMicros * 1000);
      }
    }
    r.put("requests", samples.size());
    r.put("failed", failed);
    r.set("response_ms", Percentiles.ofNanos(resp).toMillisJson());
    if (!agent.isEmpty()) {
      r.set("phases_1_7_ms", Percentiles.ofNanos(agent).toMillisJson());
    }
    if (!phase8.isEmpty()) {
      r.set("phase8_on_user_path_ms", Percentiles.ofNanos(phase8).toMillisJson());
    }
    if (!handoff.isEmpty()) {
      r.set("handoff_us", Percentiles.ofNanos(handoff).toMicrosJson());
    }
    return r;
  }

  private static ObjectNode landed(List<OpenLoop.Sample> samples, Map<String, Long> doneAt) {
    List<Long> l = new ArrayList<>();
    int missing = 0;
    for (OpenLoop.Sample s : samples) {
      if (s.auditId == null) {
        continue;
      }
      Long at = doneAt.get(s.auditId);
      if (at == null) {
        missing++;
      } else {
        l.add(Math.max(0, at - s.respondedAtEpochMs) * 1_000_000L);
      }
    }
    ObjectNode n = Percentiles.ofNanos(l).toMillisJson();
    n.put("not_landed", missing);
    return n;
  }

  /** The four ways of serving one request. */
  private static final class Modes {
    private final ReferenceAgent agent;
    private final GovernanceSink governance;
    private final GovernanceSink slowGovernance;
    private final MlflowSink mlflow;
    private final OutboxHandOff handOff;
    private final HttpClient http;
    private final String apiUrl;
    private final List<Thread> live = new CopyOnWriteArrayList<>();
    final AtomicInteger maxLiveThreads = new AtomicInteger();
    final Map<String, Long> landedAtMs = new ConcurrentHashMap<>();

    Modes(
        ReferenceAgent agent,
        GovernanceSink governance,
        GovernanceSink slowGovernance,
        MlflowSink mlflow,
        OutboxHandOff handOff,
        HttpClient http,
        String apiUrl) {
      this.agent = agent;
      this.governance = governance;
      this.slowGovernance = slowGovernance;
      this.mlflow = mlflow;
      this.handOff = handOff;
      this.http = http;
      this.apiUrl = apiUrl;
    }

    OpenLoop.Sample call(Mode m, int i) throws Exception {
      if (m == Mode.OUTBOX_HTTP) {
        return viaHttp(i);
      }
      String[] member = Payloads.MEMBERS[i % Payloads.MEMBERS.length];
      OpenLoop.Sample s = new OpenLoop.Sample();
      long t0 = System.nanoTime();
      AgentResult result = agent.answer(AgentRequest.of(member[0], member[1], member[2]));
      long t1 = System.nanoTime();
      AuditPayload payload = result.payload();
      s.auditId = payload.auditId().toString();
      switch (m) {
        case INLINE -> writeBoth(payload);
        case INLINE_SLOW_WAREHOUSE -> {
          slowGovernance.write(payload, new InMemorySinkProgress());
          mlflow.write(payload, new InMemorySinkProgress());
        }
        case BACKGROUND_THREAD -> {
          Thread t = new Thread(() -> background(payload), "phase8-" + s.auditId);
          t.setDaemon(false);
          live.removeIf(th -> !th.isAlive());
          live.add(t);
          t.start();
          maxLiveThreads.accumulateAndGet(live.size(), Math::max);
        }
        case OUTBOX -> {
          long h0 = System.nanoTime();
          handOff.submit(payload);
          s.handOffMicros = (System.nanoTime() - h0) / 1000;
        }
        default -> throw new IllegalStateException(m.toString());
      }
      long t2 = System.nanoTime();
      s.agentNanos = t1 - t0;
      s.phase8Nanos = t2 - t1;
      if (m == Mode.INLINE || m == Mode.INLINE_SLOW_WAREHOUSE) {
        s.auditId = null; // landed before the response by construction
      }
      return s;
    }

    private void writeBoth(AuditPayload payload) throws SinkException {
      governance.write(payload, new InMemorySinkProgress());
      mlflow.write(payload, new InMemorySinkProgress());
    }

    private void background(AuditPayload payload) {
      try {
        writeBoth(payload);
        landedAtMs.put(payload.auditId().toString(), System.currentTimeMillis());
      } catch (SinkException | RuntimeException e) {
        Bench.log("background thread: audit %s not written: %s", payload.auditId(), e);
      }
    }

    private OpenLoop.Sample viaHttp(int i) throws Exception {
      String[] member = Payloads.MEMBERS[i % Payloads.MEMBERS.length];
      String body =
          "{\"user_id\":\""
              + member[0]
              + "\",\"country\":\""
              + member[1]
              + "\",\"query\":\""
              + member[2]
              + "\"}";
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(apiUrl + "/v1/query"))
                  .timeout(Duration.ofSeconds(60))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      OpenLoop.Sample s = new OpenLoop.Sample();
      s.ok = r.statusCode() == 200;
      if (s.ok) {
        JsonNode n = Json.parse(r.body());
        s.auditId = n.path("audit_id").asText();
        s.handOffMicros = n.path("timings").path("handoff_us").asLong(-1);
        long agentMs = 0;
        for (Phase p : Phase.values()) {
          agentMs += n.path("timings").path(p.key()).asLong(0);
        }
        s.agentNanos = agentMs * 1_000_000L;
        s.phase8Nanos = -1;
      }
      return s;
    }

    void resetBackgroundStats() {
      maxLiveThreads.set(0);
      landedAtMs.clear();
    }

    void awaitBackground() throws InterruptedException {
      for (Thread t : Set.copyOf(live)) {
        t.join(120_000);
      }
      live.removeIf(th -> !th.isAlive());
    }
  }
}
