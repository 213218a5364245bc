package dev.agentoutbox.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentoutbox.payload.Phase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * What to run and how hard, from {@code -Dbench.*} system properties (scripts/bench passes its
 * {@code -D} arguments through). Every knob has a named default sized so the whole run fits in
 * about 15 minutes on a 2-core machine.
 *
 * @param only benchmarks to run ({@code bench.only}, comma-separated; default all)
 * @param rates open-loop request rates of the user-wait benchmark ({@code bench.rates}, req/s)
 * @param userWaitSeconds how long each rate is offered ({@code bench.userWaitSeconds})
 * @param phaseLatency simulated latency per agent phase ({@code bench.latency}, phase=ms,...)
 * @param handOffSamples measured calls per hand-off microbenchmark ({@code bench.handOffSamples})
 * @param handOffWarmup calls before measuring ({@code bench.handOffWarmup})
 * @param queueJobs jobs pre-filled for each drain of the queue benchmark ({@code bench.queueJobs})
 * @param queueThreads worker thread counts of the queue benchmark ({@code bench.queueThreads})
 * @param e2eRecords records sent through the API per end-to-end configuration ({@code
 *     bench.e2eRecords})
 * @param e2eWorkers worker process counts of the end-to-end benchmark ({@code bench.e2eWorkers})
 * @param e2eThreads worker threads per process in the end-to-end benchmark ({@code
 *     bench.e2eThreads})
 * @param slowStatement injected latency of each governance INSERT ({@code bench.slowStatementMs})
 * @param slowThreads worker threads of the slow-warehouse benchmark ({@code bench.slowThreads})
 * @param slowWindow measuring window of each slow-warehouse configuration ({@code
 *     bench.slowWindowSeconds})
 * @param kills SIGKILLs of the recovery benchmark ({@code bench.kills})
 * @param killSpacing time between two kills ({@code bench.killSpacingSeconds})
 */
public record BenchSettings(
    Set<String> only,
    List<Integer> rates,
    Duration userWaitSeconds,
    Map<Phase, Duration> phaseLatency,
    int handOffSamples,
    int handOffWarmup,
    int queueJobs,
    List<Integer> queueThreads,
    int e2eRecords,
    List<Integer> e2eWorkers,
    int e2eThreads,
    Duration slowStatement,
    int slowThreads,
    Duration slowWindow,
    int kills,
    Duration killSpacing) {

  public static final List<String> ALL =
      List.of("handoff", "userwait", "queue", "e2e", "slow", "recovery");
  public static final String DEFAULT_RATES = "2,5,10";
  public static final int DEFAULT_USER_WAIT_SECONDS = 12;

  /** About 250 ms in all: real LLM latencies (~25 s) scaled down 100x. */
  public static final String DEFAULT_LATENCY =
      "retrieval=20,anonymization=5,classification=60,execution=15,synthesis=110,validation=40,"
          + "restoration=5";

  public static final int DEFAULT_HANDOFF_SAMPLES = 20_000;
  public static final int DEFAULT_HANDOFF_WARMUP = 5_000;
  public static final int DEFAULT_QUEUE_JOBS = 100_000;
  public static final String DEFAULT_QUEUE_THREADS = "1,4,8";
  public static final int DEFAULT_E2E_RECORDS = 400;
  public static final String DEFAULT_E2E_WORKERS = "1,2,4";
  public static final int DEFAULT_E2E_THREADS = 4;
  public static final int DEFAULT_SLOW_STATEMENT_MS = 1_000;
  public static final int DEFAULT_SLOW_THREADS = 200;
  public static final int DEFAULT_SLOW_WINDOW_SECONDS = 15;
  public static final int DEFAULT_KILLS = 20;
  public static final int DEFAULT_KILL_SPACING_SECONDS = 5;

  public static BenchSettings fromSystemProperties() {
    return from(System.getProperties());
  }

  static BenchSettings from(Properties p) {
    Set<String> only = new LinkedHashSet<>();
    for (String s : p.getProperty("bench.only", String.join(",", ALL)).split(",")) {
      String name = s.strip().toLowerCase(Locale.ROOT);
      if (name.isEmpty()) {
        continue;
      }
      if (!ALL.contains(name)) {
        throw new IllegalArgumentException(
            "bench.only: unknown benchmark '" + s + "', known " + ALL);
      }
      only.add(name);
    }
    return new BenchSettings(
        only,
        ints(p, "bench.rates", DEFAULT_RATES),
        Duration.ofSeconds(integer(p, "bench.userWaitSeconds", DEFAULT_USER_WAIT_SECONDS)),
        latencies(p.getProperty("bench.latency", DEFAULT_LATENCY)),
        integer(p, "bench.handOffSamples", DEFAULT_HANDOFF_SAMPLES),
        integer(p, "bench.handOffWarmup", DEFAULT_HANDOFF_WARMUP),
        integer(p, "bench.queueJobs", DEFAULT_QUEUE_JOBS),
        ints(p, "bench.queueThreads", DEFAULT_QUEUE_THREADS),
        integer(p, "bench.e2eRecords", DEFAULT_E2E_RECORDS),
        ints(p, "bench.e2eWorkers", DEFAULT_E2E_WORKERS),
        integer(p, "bench.e2eThreads", DEFAULT_E2E_THREADS),
        Duration.ofMillis(integer(p, "bench.slowStatementMs", DEFAULT_SLOW_STATEMENT_MS)),
        integer(p, "bench.slowThreads", DEFAULT_SLOW_THREADS),
        Duration.ofSeconds(integer(p, "bench.slowWindowSeconds", DEFAULT_SLOW_WINDOW_SECONDS)),
        integer(p, "bench.kills", DEFAULT_KILLS),
        Duration.ofSeconds(integer(p, "bench.killSpacingSeconds", DEFAULT_KILL_SPACING_SECONDS)));
  }

  public boolean runs(String name) {
    return only.contains(name);
  }

  public Duration totalLatency() {
    return phaseLatency.values().stream().reduce(Duration.ZERO, Duration::plus);
  }

  public ObjectNode toJson() {
    ObjectNode n = Json.object();
    n.set("only", Json.MAPPER.valueToTree(only));
    n.set("rates_per_second", Json.MAPPER.valueToTree(rates));
    n.put("user_wait_seconds_per_rate", userWaitSeconds.toSeconds());
    ObjectNode lat = n.putObject("phase_latency_ms");
    phaseLatency.forEach((k, v) -> lat.put(k.key(), v.toMillis()));
    n.put("total_latency_ms", totalLatency().toMillis());
    n.put("handoff_samples", handOffSamples);
    n.put("handoff_warmup", handOffWarmup);
    n.put("queue_jobs", queueJobs);
    n.set("queue_threads", Json.MAPPER.valueToTree(queueThreads));
    n.put("e2e_records", e2eRecords);
    n.set("e2e_workers", Json.MAPPER.valueToTree(e2eWorkers));
    n.put("e2e_threads_per_worker", e2eThreads);
    n.put("slow_statement_ms", slowStatement.toMillis());
    n.put("slow_threads", slowThreads);
    n.put("slow_window_seconds", slowWindow.toSeconds());
    n.put("kills", kills);
    n.put("kill_spacing_seconds", killSpacing.toSeconds());
    return n;
  }

  private static Map<Phase, Duration> latencies(String spec) {
    Map<Phase, Duration> m = new EnumMap<>(Phase.class);
    for (Phase ph : Phase.values()) {
      m.put(ph, Duration.ZERO);
    }
    for (String part : spec.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      String[] kv = part.split("=");
      Phase ph =
          Phase.fromKey(kv[0].strip())
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "bench.latency: unknown phase '"
                              + kv[0]
                              + "', known "
                              + Arrays.toString(Phase.values())));
      if (kv.length != 2) {
        throw new IllegalArgumentException("bench.latency: expected phase=ms, was '" + part + "'");
      }
      m.put(ph, Duration.ofMillis(Long.parseLong(kv[1].strip())));
    }
    return m;
  }

  private static int integer(Properties p, String name, int dflt) {
    String v = p.getProperty(name);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    try {
      int i = Integer.parseInt(v.strip());
      if (i < 0) {
        throw new NumberFormatException();
      }
      return i;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          name + ": must be a non-negative integer, was '" + v + "'");
    }
  }

  private static List<Integer> ints(Properties p, String name, String dflt) {
    List<Integer> out = new ArrayList<>();
    for (String s : p.getProperty(name, dflt).split(",")) {
      if (s.isBlank()) {
        continue;
      }
      try {
        out.add(Integer.parseInt(s.strip()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            name + ": expected integers like 1,2,4, was '" + s + "'");
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(name + ": must list at least one value");
    }
    return List.copyOf(out);
  }
}
