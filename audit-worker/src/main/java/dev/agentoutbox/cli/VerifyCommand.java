package dev.agentoutbox.cli;

import dev.agentoutbox.sink.governance.GovernanceConfig;
import dev.agentoutbox.sink.governance.GovernanceReader;
import dev.agentoutbox.sink.mlflow.MlflowConfig;
import dev.agentoutbox.sink.mlflow.MlflowReader;
import dev.agentoutbox.sink.mlflow.MlflowRun;
import dev.agentoutbox.worker.WorkerConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import redis.clients.jedis.Tuple;

/** {@code audit-worker verify}: end-to-end reconciliation of accepted ids against the sinks. */
@Command(
    name = "verify",
    header = "Checks every accepted id is in every sink exactly once.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Reconciliation: every audit id the API accepted in the window (the ledger in Redis) must"
          + " have exactly one governance row and exactly one FINISHED MLflow run.",
      "Reports ids that are missing, duplicated, still pending (queued, in flight, retry"
          + " scheduled, dead letter: looked up in Redis) or purged by an operator. Exits 1 when"
          + " anything is missing or duplicated (with --strict, also when pending), so it can run"
          + " from cron or CI.",
      "The ledger keeps ids for LEDGER_RETENTION_DAYS (default 7) days after acceptance; older"
          + " ids cannot be verified."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  audit-worker verify --since 15m",
      "  audit-worker verify --since 2026-12-04 --until 2026-12-05",
      "  audit-worker verify --since 1d --sinks governance --json",
      "  audit-worker verify --since 2h || page-oncall 'audit records missing'"
    })
final class VerifyCommand extends RedisCommand {
  /** Runs may start this long before acceptance (the agent's phases 1-7 run in between). */
  static final Duration RUN_START_MARGIN = Duration.ofDays(1);

  /** Problem rows printed in text mode; --json lists them all. */
  static final int ROWS_SHOWN = 200;

  @Option(
      names = "--since",
      required = true,
      paramLabel = "TIME",
      converter = TimeSpec.Converter.class,
      description =
          "Check ids accepted at or after TIME: an ISO instant (2026-12-04T10:00:00Z), a UTC date"
              + " (2026-12-04) or an age (15m, 2h, 1d).")
  TimeSpec since;

  @Option(
      names = "--until",
      paramLabel = "TIME",
      converter = TimeSpec.Converter.class,
      description = "Check ids accepted at or before TIME (default: now).")
  TimeSpec until;

  @Option(
      names = "--sinks",
      split = ",",
      paramLabel = "SINK",
      completionCandidates = DeadLetterFilterOptions.Sinks.class,
      description = "Sinks to check (default: governance,mlflow).")
  List<String> sinks = new ArrayList<>(List.of("governance", "mlflow"));

  @Option(names = "--strict", description = "Also exit 1 when ids are still pending.")
  boolean strict;

  @Mixin SinkOptions sinkOptions;

  @Override
  protected int execute() throws Exception {
    Set<String> checked = new HashSet<>();
    for (String s : sinks) {
      if (!s.equals("governance") && !s.equals("mlflow")) {
        throw CliException.usage("--sinks: unknown sink '" + s + "' (governance, mlflow)");
      }
      checked.add(s);
    }
    Map<String, String> env = env();
    GovernanceConfig govConfig =
        checked.contains("governance") ? sinkOptions.governance(env) : null;
    MlflowConfig mlflowConfig = checked.contains("mlflow") ? sinkOptions.mlflow(env) : null;
    try (RedisSession redis = openRedis()) {
      Instant now = redis.now();
      Instant from = since.resolve(now);
      Instant to = until == null ? now : until.resolve(now);
      if (from.isAfter(to)) {
        throw CliException.usage(
            "--since ("
                + Durations.instant(from)
                + ") is after --until ("
                + Durations.instant(to)
                + ")");
      }
      warnAboutRetention(env, from, now);
      Map<String, Instant> accepted = ledger(redis, from, to);
      Map<String, Integer> governance = null;
      if (govConfig != null && !accepted.isEmpty()) {
        target(
            ExitCodes.DATABASE_UNAVAILABLE, "governance database " + govConfig.redactedJdbcUrl());
        try (GovernanceReader reader = GovernanceReader.open(govConfig)) {
          governance = SinkReadback.GovernanceCounts.of(reader).count(accepted.keySet());
        }
      }
      Map<String, List<MlflowRun>> mlflow = null;
      if (mlflowConfig != null && !accepted.isEmpty()) {
        target(ExitCodes.MLFLOW_UNAVAILABLE, "MLflow " + mlflowConfig.trackingUri());
        try (MlflowReader reader = new MlflowReader(mlflowConfig)) {
          mlflow =
              SinkReadback.MlflowRuns.of(reader)
                  .runs(accepted.keySet(), from.minus(RUN_START_MARGIN));
        }
      }
      if (accepted.isEmpty()) {
        governance = govConfig == null ? null : Map.of();
        mlflow = mlflowConfig == null ? null : Map.of();
      }
      JobLocator locator = new JobLocator(redis.keys());
      HistoryReader history = new HistoryReader(redis.keys());
      Reconciler.Report report =
          Reconciler.reconcile(
              from,
              to,
              accepted,
              governance,
              mlflow,
              ids -> redis.with(j -> locator.locate(j, ids)),
              ids -> redis.with(j -> purgedAmong(history, j, ids)));
      if (json()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("passed", report.passed() && (!strict || report.pending() == 0));
        m.put("report", report);
        printJson(m);
      } else {
        print(report, out());
      }
      if (!report.passed()) {
        return ExitCodes.PROBLEMS;
      }
      return strict && report.pending() > 0 ? ExitCodes.PROBLEMS : ExitCodes.OK;
    }
  }

  private static Map<String, Instant> ledger(RedisSession redis, Instant from, Instant to) {
    Map<String, Instant> accepted = new LinkedHashMap<>();
    redis.with(
        j -> {
          for (Tuple t :
              j.zrangeByScoreWithScores(
                  redis.keys().ledger(), from.toEpochMilli(), to.toEpochMilli())) {
            accepted.put(t.getElement(), Instant.ofEpochMilli((long) t.getScore()));
          }
          return null;
        });
    return accepted;
  }

  private static Set<String> purgedAmong(
      HistoryReader history, redis.clients.jedis.Jedis jedis, java.util.Collection<String> ids) {
    Set<String> wanted = new HashSet<>(ids);
    Set<String> purged = new HashSet<>();
    for (HistoryReader.Entry e : history.entries(jedis, HistoryReader.MAX_ENTRIES)) {
      if ("purge".equals(e.action()) && wanted.contains(e.id())) {
        purged.add(e.id());
      }
    }
    return purged;
  }

  private void warnAboutRetention(Map<String, String> env, Instant from, Instant now) {
    long days = WorkerConfig.DEFAULT_LEDGER_RETENTION.toDays();
    String v = env.get("LEDGER_RETENTION_DAYS");
    if (v != null && !v.isBlank()) {
      try {
        days = Long.parseLong(v.trim());
      } catch (NumberFormatException e) {
        throw CliException.usage(
            "LEDGER_RETENTION_DAYS: must be a number of days, was '" + v + "'");
      }
    }
    if (from.isBefore(now.minus(Duration.ofDays(days)))) {
      err()
          .printf(
              "note: the ledger keeps accepted ids for %d days (LEDGER_RETENTION_DAYS); ids accepted"
                  + " before %s are no longer in it and are not checked%n",
              days, Durations.instant(now.minus(Duration.ofDays(days))));
      err().flush();
    }
  }

  private static String plural(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  private static String mlflowCell(Reconciler.IdReport p) {
    if (p.mlflowRuns() == null) {
      return "-";
    }
    if (p.mlflowRuns() == 0) {
      return "0 runs";
    }
    return plural(p.mlflowRuns(), "run") + ", " + p.mlflowFinished() + " finished";
  }

  static void print(Reconciler.Report r, PrintWriter out) {
    out.printf(
        "verify %s .. %s (Redis clock), sinks %s: %d accepted id%s%n",
        Durations.instant(r.since()),
        Durations.instant(r.until()),
        String.join(",", r.sinks()),
        r.accepted(),
        r.accepted() == 1 ? "" : "s");
    List<String> expected = new ArrayList<>();
    if (r.sinks().contains("governance")) {
      expected.add("one governance row");
    }
    if (r.sinks().contains("mlflow")) {
      expected.add("one FINISHED MLflow run");
    }
    out.printf("  %-11s %6d  exactly %s%n", "ok", r.ok(), String.join(" and ", expected));
    out.printf("  %-11s %6d%n", "missing", r.missing());
    out.printf("  %-11s %6d%n", "duplicated", r.duplicated());
    out.println(
        String.format(
                "  %-11s %6d  %s",
                "pending",
                r.pending(),
                r.pendingByState().entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(", ")))
            .stripTrailing());
    out.printf(
        "  %-11s %6d%s%n",
        "purged", r.purged(), r.purged() > 0 ? "  by an operator (failed history)" : "");
    if (!r.problems().isEmpty()) {
      Table t =
          new Table("AUDIT ID", "STATUS", "ACCEPTED", "GOVERNANCE", "MLFLOW", "REDIS", "PROBLEM");
      r.problems().stream()
          .limit(ROWS_SHOWN)
          .forEach(
              p ->
                  t.row(
                      p.auditId(),
                      p.status().name().toLowerCase(java.util.Locale.ROOT),
                      Durations.instant(p.acceptedAt()),
                      p.governanceRows() == null ? "-" : plural(p.governanceRows(), "row"),
                      mlflowCell(p),
                      p.redisState()
                          + (p.redisDetail() == null ? "" : " (" + p.redisDetail() + ")"),
                      String.join("; ", p.problems())));
      t.print(out);
      if (r.problems().size() > ROWS_SHOWN) {
        out.printf("%d more not shown (use --json)%n", r.problems().size() - ROWS_SHOWN);
      }
    }
    if (r.passed()) {
      out.println(
          r.pending() == 0
              ? "OK: every accepted id is in every checked sink exactly once"
              : "OK so far: nothing missing or duplicated; "
                  + r.pending()
                  + " pending (run verify again later, or see 'failed list')");
    } else {
      out.printf("FAILED: %d missing, %d duplicated%n", r.missing(), r.duplicated());
    }
    out.flush();
  }
}
