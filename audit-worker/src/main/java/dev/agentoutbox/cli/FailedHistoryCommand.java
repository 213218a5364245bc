package dev.agentoutbox.cli;

import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code audit-worker failed history}. */
@Command(
    name = "history",
    header = "Shows who requeued or purged what, and when.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Shows the operator audit trail: each requeue or purge run (batch) with its operator, time"
          + " and how many ids it moved, newest first; with --batch, the ids of one batch."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  audit-worker failed history",
      "  audit-worker failed history --batch requeue-20261204T101500Z-a1b2c3",
      "  audit-worker failed history --json --limit 5"
    })
final class FailedHistoryCommand extends RedisCommand {
  static final int DEFAULT_LIMIT = 20;

  @Option(names = "--batch", paramLabel = "ID", description = "Show the ids of this batch.")
  String batch;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "At most N batches, newest first (default " + DEFAULT_LIMIT + ").")
  int limit = DEFAULT_LIMIT;

  @Override
  protected int execute() {
    if (limit < 1) {
      throw CliException.usage("--limit: must be at least 1, was " + limit);
    }
    try (RedisSession redis = openRedis()) {
      Instant now = redis.now();
      List<HistoryReader.Batch> batches =
          redis.with(j -> new HistoryReader(redis.keys()).batches(j));
      if (batch != null) {
        List<HistoryReader.Batch> one =
            batches.stream().filter(b -> b.batch().equals(batch)).toList();
        if (one.isEmpty()) {
          throw new CliException(
              ExitCodes.UNKNOWN_ID, "no batch '" + batch + "' in the audit trail");
        }
        if (json()) {
          printJson(one);
          return ExitCodes.OK;
        }
        for (HistoryReader.Batch b : one) {
          out()
              .printf(
                  "batch %s: %s of %d id%s by %s, %s .. %s%n",
                  b.batch(),
                  b.action(),
                  b.count(),
                  b.count() == 1 ? "" : "s",
                  b.operator(),
                  Durations.instant(b.firstAt()),
                  Durations.instant(b.lastAt()));
          b.ids().forEach(id -> out().println("  " + id));
        }
        out().flush();
        return ExitCodes.OK;
      }
      List<HistoryReader.Batch> shown = batches.subList(0, Math.min(limit, batches.size()));
      if (json()) {
        printJson(shown.stream().map(HistoryReader.Batch::summary).toList());
        return ExitCodes.OK;
      }
      if (shown.isEmpty()) {
        out().println("no operator actions recorded");
        out().flush();
        return ExitCodes.OK;
      }
      Table t = new Table("WHEN", "ACTION", "IDS", "OPERATOR", "BATCH");
      for (HistoryReader.Batch b : shown) {
        t.row(
            Durations.instant(b.lastAt()) + " (" + Durations.relative(b.lastAt(), now) + ")",
            b.action(),
            b.count(),
            b.operator(),
            b.batch());
      }
      t.print(out());
      if (shown.size() < batches.size()) {
        out().printf("%d of %d batches shown (use --limit)%n", shown.size(), batches.size());
      }
      out().flush();
    }
    return ExitCodes.OK;
  }
}
