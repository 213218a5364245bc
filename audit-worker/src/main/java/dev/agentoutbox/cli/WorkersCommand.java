package dev.agentoutbox.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code audit-worker workers}: every worker thread, its heartbeat and its current job. */
@Command(
    name = "workers",
    header = "Lists worker threads, their heartbeat and current job.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Lists every worker thread: its process, whether the process heartbeat is alive and how old"
          + " it is, the job it is running (audit id) and for how long.",
      "A 'dead' worker's process stopped beating: its in-flight job is recovered by any live"
          + " worker within the heartbeat TTL plus the reap period, or at once by 'audit-worker"
          + " reap'. An 'orphaned' worker is unregistered but still holds an in-flight job."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  audit-worker workers",
      "  audit-worker workers --json | jq '.[] | select(.state==\"dead\")'"
    })
final class WorkersCommand extends RedisCommand {

  /** One row of the output. */
  record Row(
      String worker,
      String process,
      String state,
      Instant heartbeatAt,
      Long heartbeatAgeMs,
      Long pid,
      int inflight,
      String auditId,
      Instant jobStartedAt,
      Long jobRunningMs) {}

  @Override
  protected int execute() {
    try (RedisSession redis = openRedis()) {
      List<Row> rows =
          redis.with(
              j -> {
                Instant now = RedisSession.now(j);
                List<Row> out = new ArrayList<>();
                for (QueueReader.WorkerInfo w : new QueueReader(redis.keys()).workers(j)) {
                  out.add(row(w, now));
                }
                return out;
              });
      if (json()) {
        printJson(rows);
        return ExitCodes.OK;
      }
      if (rows.isEmpty()) {
        out().println("no workers registered in " + redis.keys().namespace());
        out().flush();
        return ExitCodes.OK;
      }
      Table t = new Table("WORKER", "STATE", "HEARTBEAT", "JOB", "RUNNING FOR");
      for (Row r : rows) {
        t.row(
            r.worker(),
            r.state(),
            heartbeat(r),
            r.auditId() == null ? "idle" : r.auditId(),
            r.jobRunningMs() == null ? "-" : Durations.millis(r.jobRunningMs()));
      }
      t.print(out());
      long live = rows.stream().filter(r -> r.state().equals("live")).count();
      out()
          .printf(
              "%d workers: %d live, %d dead or orphaned%n", rows.size(), live, rows.size() - live);
      out().flush();
    }
    return ExitCodes.OK;
  }

  private static String heartbeat(Row r) {
    if (r.heartbeatAgeMs() != null) {
      return Durations.millis(r.heartbeatAgeMs()) + " ago";
    }
    return r.state().equals("live") ? "present" : "expired";
  }

  private static Row row(QueueReader.WorkerInfo w, Instant now) {
    String state = !w.registered() ? "orphaned" : w.live() ? "live" : "dead";
    HeartbeatInfo hb = w.heartbeat();
    Instant beat = hb == null ? null : hb.beatAt();
    return new Row(
        w.name(),
        w.process(),
        state,
        beat,
        beat == null ? null : Math.max(0, Duration.between(beat, now).toMillis()),
        hb == null ? null : hb.pid(),
        w.inflight(),
        w.auditId(),
        w.jobStartedAt(),
        w.jobStartedAt() == null
            ? null
            : Math.max(0, Duration.between(w.jobStartedAt(), now).toMillis()));
  }
}
