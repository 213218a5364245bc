package dev.agentoutbox.cli;

import dev.agentoutbox.queue.DeadLetter;
import dev.agentoutbox.queue.DeadLetterStore;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code audit-worker failed list}. */
@Command(
    name = "list",
    header = "Lists dead letters, filtered.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Lists dead letters, oldest failure first, optionally filtered by reason, sink and time of"
          + " the last failure. Shows "
          + FailedListCommand.DEFAULT_LIMIT
          + " unless --limit says"
          + " otherwise."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  audit-worker failed list",
      "  audit-worker failed list --sink mlflow --since 2h",
      "  audit-worker failed list --reason sink-rejected --until 2026-12-04T00:00:00Z",
      "  audit-worker failed list --json | jq -r '.items[].id'"
    })
final class FailedListCommand extends RedisCommand {
  static final int DEFAULT_LIMIT = 100;
  private static final int ERROR_WIDTH = 70;

  @Mixin DeadLetterFilterOptions filters;

  /** JSON output: how many match, and those shown. */
  record Listing(int total, int shown, List<DeadLetterView> items) {}

  /** The error without the sink and audit id prefixes the columns already show. */
  static String shortError(DeadLetter d) {
    String e = d.error();
    if (e == null) {
      return null;
    }
    if (d.sink() != null && e.startsWith(d.sink() + ": ")) {
      e = e.substring(d.sink().length() + 2);
    }
    if (d.auditId() != null && e.startsWith("audit " + d.auditId() + ", ")) {
      e = e.substring(("audit " + d.auditId() + ", ").length());
    }
    return e;
  }

  @Override
  protected int execute() {
    try (RedisSession redis = openRedis()) {
      Instant now = redis.now();
      DeadLetterStore.Filter f = filters.filter(now);
      int limit = f.limit() == null ? DEFAULT_LIMIT : f.limit();
      List<DeadLetter> all =
          new DeadLetterStore(redis.pool(), redis.keys())
              .list(new DeadLetterStore.Filter(f.reason(), f.sink(), f.since(), f.until(), null));
      List<DeadLetter> shown = all.subList(0, Math.min(limit, all.size()));
      if (json()) {
        printJson(
            new Listing(all.size(), shown.size(), shown.stream().map(DeadLetterView::of).toList()));
        return ExitCodes.OK;
      }
      if (all.isEmpty()) {
        out().println("no dead letters" + (filters.selects() ? " match" : ""));
        out().flush();
        return ExitCodes.OK;
      }
      Table t = new Table("ID", "REASON", "SINK", "ATTEMPTS", "LAST FAILURE", "ERROR");
      for (DeadLetter d : shown) {
        t.row(
            d.id(),
            d.reason(),
            d.sink(),
            d.attempts(),
            Durations.relative(d.lastFailureAt(), now),
            Table.cut(shortError(d), ERROR_WIDTH));
      }
      t.print(out());
      out()
          .printf(
              "%d dead letter%s%s%n",
              all.size(),
              all.size() == 1 ? "" : "s",
              shown.size() < all.size()
                  ? ", " + shown.size() + " shown (use --limit to see more)"
                  : "");
      out().flush();
    }
    return ExitCodes.OK;
  }
}
