package dev.agentoutbox.cli;

import dev.agentoutbox.queue.JobEnvelope;
import dev.agentoutbox.queue.OrphanReaper;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code audit-worker reap}: orphan recovery now. */
@Command(
    name = "reap",
    header = "Recovers the in-flight jobs of dead workers now.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Runs orphan recovery now: the in-flight jobs of every worker whose process heartbeat has"
          + " expired go back to the head of the ready queue, and the dead workers are"
          + " unregistered. Live workers do this on their own every few seconds; use reap when no"
          + " worker runs, or to see at once what was stuck. Safe to run at any time and from"
          + " several places: each job moves exactly once, and jobs of live workers are never"
          + " touched."
    },
    footerHeading = "%nExamples:%n",
    footer = {"  audit-worker reap --dry-run", "  audit-worker reap", "  audit-worker reap --json"})
final class ReapCommand extends RedisCommand {

  @Option(names = "--dry-run", description = "Show what would be recovered; change nothing.")
  boolean dryRun;

  /** One job moved (or that would move) back to the queue. */
  record Moved(String worker, String auditId) {}

  /** JSON output. */
  record Report(boolean dryRun, List<Moved> jobs, List<String> deadWorkers) {}

  @Override
  protected int execute() {
    try (RedisSession redis = openRedis()) {
      List<QueueReader.WorkerInfo> before =
          redis.with(j -> new QueueReader(redis.keys()).workers(j));
      List<String> dead = new ArrayList<>();
      List<Moved> moved = new ArrayList<>();
      for (QueueReader.WorkerInfo w : before) {
        if (!w.live()) {
          dead.add(w.name());
        }
      }
      if (dryRun) {
        redis.with(
            j -> {
              new QueueReader(redis.keys())
                  .inflightJobs(j)
                  .forEach(
                      (worker, jobs) -> {
                        if (dead.contains(worker)) {
                          jobs.forEach(
                              job ->
                                  moved.add(
                                      new Moved(
                                          worker, JobEnvelope.auditIdOf(job).orElse("unknown"))));
                        }
                      });
              return null;
            });
      } else {
        for (OrphanReaper.Recovered r :
            new OrphanReaper(redis.pool(), redis.keys()).reapDead(true)) {
          moved.add(new Moved(r.worker(), r.auditId()));
        }
      }
      if (json()) {
        printJson(new Report(dryRun, moved, dead));
        return ExitCodes.OK;
      }
      if (!moved.isEmpty()) {
        Table t = new Table("WORKER", "AUDIT ID");
        moved.forEach(m -> t.row(m.worker(), m.auditId()));
        t.print(out());
      }
      String verb = dryRun ? "would move" : "moved";
      if (moved.isEmpty() && dead.isEmpty()) {
        out().println("nothing to recover: every in-flight job belongs to a live worker");
      } else {
        out()
            .printf(
                "%s%s %d job%s back to the head of the queue; %s %d dead worker%s%n",
                dryRun ? "dry run: " : "",
                verb,
                moved.size(),
                moved.size() == 1 ? "" : "s",
                dryRun ? "would unregister" : "unregistered",
                dead.size(),
                dead.size() == 1 ? "" : "s");
      }
      out().flush();
    }
    return ExitCodes.OK;
  }
}
