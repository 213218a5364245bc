package dev.agentoutbox.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/**
 * Runs the benchmarks ({@code scripts/bench}), writes {@code bench/results/results.json} and
 * regenerates {@code docs/performance.md} from it. {@code --doc-only} only regenerates the doc.
 */
public final class Bench {
  public static final String RESULTS = "bench/results/results.json";
  public static final String DOC = "docs/performance.md";

  private Bench() {}

  public static void log(String format, Object... args) {
    System.out.println(
        LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " bench: " + String.format(format, args));
    System.out.flush();
  }

  public static void main(String[] args) throws Exception {
    Path root = Path.of(System.getProperty("agentoutbox.root", ".")).toAbsolutePath().normalize();
    Path resultsFile = root.resolve(RESULTS);
    if (args.length > 0 && args[0].equals("--doc-only")) {
      PerformanceDoc.write(root.resolve(DOC), Json.read(resultsFile));
      log("regenerated %s from %s", DOC, RESULTS);
      return;
    }
    BenchSettings settings = BenchSettings.fromSystemProperties();
    Path workDir = root.resolve("bench/target/bench-work");
    ProcessCleanup.deleteTree(workDir);
    Files.createDirectories(workDir);

    ObjectNode results = Json.object();
    boolean partial = settings.only().size() < BenchSettings.ALL.size();
    if (partial && Files.exists(resultsFile)) {
      JsonNode old = Json.read(resultsFile);
      if (old instanceof ObjectNode o) {
        results = o;
      }
    }
    long started = System.nanoTime();
    results.put("generated_at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    results.set("settings", settings.toJson());
    results.put("command", System.getProperty("bench.command", "scripts/bench"));
    ObjectNode machine = MachineFacts.collect(root);
    log(
        "machine: %d cores, load %s, commit %s",
        machine.path("cores").asInt(),
        machine.path("loadavg_at_start").asText(),
        machine.path("git").path("commit").asText());
    ObjectNode timings =
        results.has("section_seconds")
            ? (ObjectNode) results.get("section_seconds")
            : Json.object();
    try (BenchServers servers = BenchServers.start()) {
      machine.put("redis_version", servers.redisVersion());
      machine.put("postgresql_version", servers.postgresVersion());
      machine.put("mlflow_version", servers.mlflowVersion());
      machine.put(
          "redis_config",
          "appendonly yes, appendfsync everysec, maxmemory-policy noeviction, no RDB");
      machine.put(
          "postgresql_config", "local cluster, fsync=off, synchronous_commit=off (testkit)");
      machine.put("mlflow_config", "mlflow server --workers 1, SQLite backend store (testkit)");
      results.set("machine", machine);
      log(
          "servers: Redis %s, PostgreSQL %s, MLflow %s",
          machine.path("redis_version").asText(),
          machine.path("postgresql_version").asText(),
          machine.path("mlflow_version").asText());
      for (String name : BenchSettings.ALL) {
        if (!settings.runs(name)) {
          continue;
        }
        long t0 = System.nanoTime();
        String load = ProcStat.loadAverage();
        ObjectNode section;
        try {
          section =
              switch (name) {
                case "handoff" -> new HandOffBench(servers, settings, workDir).run();
                case "userwait" -> new UserWaitBench(servers, settings, root, workDir).run();
                case "queue" -> new QueueBench(servers, settings).run();
                case "e2e" -> new EndToEndBench(servers, settings, root, workDir).run();
                case "slow" -> new SlowWarehouseBench(servers, settings, root, workDir).run();
                case "recovery" -> new RecoveryBench(servers, settings, root, workDir).run();
                default -> throw new IllegalStateException(name);
              };
        } catch (Exception e) {
          log("%s FAILED: %s", name, e);
          e.printStackTrace(System.out);
          section = Json.object();
          section.put("error", e.toString());
        }
        section.put("loadavg_before_section", load);
        section.put("loadavg_after_section", ProcStat.loadAverage());
        long secs = (System.nanoTime() - t0) / 1_000_000_000L;
        timings.put(name, secs);
        results.set(name, section);
        Json.write(resultsFile, results);
        log("%s done in %d s", name, secs);
      }
    }
    results.set("section_seconds", timings);
    results.put("harness_seconds", (System.nanoTime() - started) / 1_000_000_000L);
    machine.put("loadavg_at_end", ProcStat.loadAverage());
    Json.write(resultsFile, results);
    PerformanceDoc.write(root.resolve(DOC), results);
    log("wrote %s and %s", RESULTS, DOC);
    System.exit(0);
  }
}
