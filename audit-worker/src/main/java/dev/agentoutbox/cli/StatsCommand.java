package dev.agentoutbox.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

/** {@code audit-worker stats}: the pipeline at a glance. */
@Command(
    name = "stats",
    header = "Shows the pipeline at a glance.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Shows the pipeline at a glance: queue depth, jobs in flight, scheduled retries (and the"
          + " next due), dead letters by reason, live and dead workers, processed/failed/retried"
          + " counters, the age of the oldest waiting job, recent throughput, the end-to-end lag"
          + " (accepted -> every sink done) and the last operator action.",
      "Ages are measured on the Redis server clock, which stamps every queue event."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  audit-worker stats",
      "  audit-worker stats --json | jq .dead_letters",
      "  REDIS_URL=redis://redis:6379 audit-worker stats --namespace agent-outbox"
    })
final class StatsCommand extends RedisCommand {

  @Override
  protected int execute() {
    try (RedisSession redis = openRedis()) {
      PipelineStats s =
          redis.with(j -> new StatsReader(redis.keys()).read(j, redis.settings().redactedUrl()));
      if (json()) {
        printJson(s);
      } else {
        print(s, out());
      }
    }
    return ExitCodes.OK;
  }

  static void print(PipelineStats s, PrintWriter out) {
    Instant now = s.at();
    out.printf(
        "queue %s:%s on %s, as of %s (Redis clock)%n",
        s.namespace(), s.queue(), s.redis(), Durations.instant(now));
    line(out, "waiting", s.waiting(), oldest(s));
    line(out, "in flight", s.inFlight(), "");
    line(
        out,
        "scheduled retries",
        s.retries().scheduled(),
        s.retries().nextDue() == null
            ? ""
            : "next due " + Durations.relative(s.retries().nextDue(), now));
    line(out, "dead letters", s.deadLetters().total(), counts(s.deadLetters().byReason()));
    PipelineStats.Workers w = s.workers();
    line(
        out,
        "live workers",
        w.live(),
        "in " + w.liveProcesses() + (w.liveProcesses() == 1 ? " process" : " processes"));
    line(
        out,
        "dead workers",
        w.dead(),
        w.dead() == 0 ? "" : "heartbeat expired; live workers recover their jobs, or run 'reap'");
    if (w.orphaned() > 0) {
      line(out, "orphaned workers", w.orphaned(), "unregistered, still holding a job; run 'reap'");
    }
    PipelineStats.Counters c = s.counters();
    line(out, "processed", c.processed(), "total, every sink done");
    line(out, "failed", c.failed(), "total, dead-lettered");
    line(out, "retried", c.retried(), "total retries scheduled");
    line(out, "recovered", c.recovered(), "orphan-recovery events kept");
    PipelineStats.Throughput t = s.throughput();
    line(out, "accepted", t.accepted1m(), "last 1m; " + t.accepted15m() + " last 15m");
    line(out, "completed", t.completed1m(), "last 1m; " + t.completed15m() + " last 15m");
    PipelineStats.Lag lag = s.lag();
    if (lag.samples() == 0) {
      out.printf("%-18s %s%n", "e2e lag", "no samples yet");
    } else {
      out.printf(
          "%-18s p50 %s  p95 %s  max %s  (newest %d completions)%n",
          "e2e lag",
          Durations.millis(lag.p50Ms()),
          Durations.millis(lag.p95Ms()),
          Durations.millis(lag.maxMs()),
          lag.samples());
    }
    HistoryReader.Summary b = s.lastOperatorAction();
    out.printf(
        "%-18s %s%n",
        "last operator op",
        b == null
            ? "none"
            : String.format(
                "%s of %d id%s by %s, %s (batch %s)",
                b.action(),
                b.count(),
                b.count() == 1 ? "" : "s",
                b.operator(),
                Durations.relative(b.lastAt(), now),
                b.batch()));
    out.flush();
  }

  private static String oldest(PipelineStats s) {
    PipelineStats.OldestWaiting o = s.oldestWaiting();
    if (o == null) {
      return "";
    }
    return "oldest accepted " + Durations.millis(o.ageMs()) + " ago (" + o.auditId() + ")";
  }

  private static String counts(Map<String, Long> m) {
    return m.entrySet().stream()
        .map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", "));
  }

  private static void line(PrintWriter out, String label, long value, String note) {
    out.println(String.format("%-18s %6d  %s", label, value, note).stripTrailing());
  }
}
