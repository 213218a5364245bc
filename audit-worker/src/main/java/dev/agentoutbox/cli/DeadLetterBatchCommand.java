package dev.agentoutbox.cli;

import dev.agentoutbox.queue.DeadLetter;
import dev.agentoutbox.queue.DeadLetterStore;
import dev.agentoutbox.queue.DeadReason;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A per-id action over selected dead letters ({@code requeue}, {@code purge}): selection by ids,
 * {@code --all} or filters; {@code --dry-run}; operator and batch id recorded in the audit trail; a
 * progress bar; a safe stop between two ids on Ctrl-C.
 */
abstract class DeadLetterBatchCommand extends RedisCommand {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final DateTimeFormatter BATCH_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /** Above this many ids, the text output shows the summary only (--json lists every id). */
  static final int PER_ID_LINES_MAX = 50;

  @Parameters(
      arity = "0..*",
      paramLabel = "ID",
      description = "Dead letter ids (audit ids). Or select with --all or filters.")
  List<String> ids = new ArrayList<>();

  @Option(names = "--all", description = "Every dead letter (with --limit: the oldest N).")
  boolean all;

  @Mixin DeadLetterFilterOptions filters;

  @Option(names = "--dry-run", description = "Show what would be done; change nothing.")
  boolean dryRun;

  @Option(
      names = "--operator",
      paramLabel = "NAME",
      description = "Who does this, for the audit trail (default: $USER).")
  String operator;

  @Option(
      names = "--batch-id",
      paramLabel = "ID",
      description = "Batch id for the audit trail, e.g. a ticket (default: generated).")
  String batchId;

  @Option(
      names = "--progress",
      paramLabel = "WHEN",
      description =
          "Progress bar on stderr: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}; auto = when"
              + " stderr is a terminal and at least "
              + ProgressBar.AUTO_MIN_TOTAL
              + " ids).")
  ProgressBar.Mode progress = ProgressBar.Mode.AUTO;

  @Option(
      names = "--pace",
      paramLabel = "DURATION",
      converter = PaceConverter.class,
      description =
          "Wait DURATION between two ids (e.g. 50ms), to spread a large batch; default none.")
  Duration pace = Duration.ZERO;

  /** What happened to one id. */
  enum Result {
    DONE,
    NOT_FOUND,
    NOT_REQUEUABLE
  }

  /** {@code requeue} or {@code purge}. */
  protected abstract String verb();

  /** {@code requeued} or {@code purged}. */
  protected abstract String pastTense();

  /** Checks done before connecting (e.g. the purge confirmation flag). */
  protected void checkBeforeConnecting() {}

  /** Whether this action cannot apply to {@code d} (shown by dry runs). */
  protected abstract Optional<String> refusal(DeadLetter d);

  protected abstract Result act(DeadLetterStore store, String id, String operator, String batch);

  @Override
  protected int execute() throws Exception {
    checkSelection();
    checkBeforeConnecting();
    String who = operator();
    String batch = batchId();
    try (RedisSession redis = openRedis()) {
      DeadLetterStore store = new DeadLetterStore(redis.pool(), redis.keys());
      Instant now = redis.now();
      boolean explicit = !ids.isEmpty();
      Map<String, DeadLetter> selected = new LinkedHashMap<>();
      List<String> unknown = new ArrayList<>();
      if (explicit) {
        for (String id : new LinkedHashSet<>(ids)) {
          Optional<DeadLetter> d = store.get(id);
          if (d.isPresent()) {
            selected.put(id, d.get());
          } else {
            unknown.add(id);
          }
        }
      } else {
        for (DeadLetter d : store.list(filters.filter(now))) {
          selected.put(d.id(), d);
        }
      }
      if (dryRun) {
        return dryRun(selected, unknown, who, batch, now);
      }
      return run(store, selected, unknown, who, batch);
    }
  }

  private void checkSelection() {
    if (!ids.isEmpty() && (all || filters.selects() || filters.limit != null)) {
      throw CliException.usage("give ids, or --all, or filters; not ids together with them");
    }
    if (all && filters.selects()) {
      throw CliException.usage(
          "--all selects every dead letter: drop it to select with --reason/--sink/--since/--until");
    }
    if (ids.isEmpty() && !all && !filters.selects()) {
      throw CliException.usage(
          "nothing selected: give dead letter ids, --all, or a filter"
              + " (--reason, --sink, --since, --until)");
    }
    for (String id : ids) {
      if (id.isBlank()) {
        throw CliException.usage("ID: must not be blank");
      }
    }
  }

  private String operator() {
    String who = operator;
    if (who == null) {
      who = System.getenv("USER");
    }
    if (who == null || who.isBlank()) {
      who = System.getProperty("user.name");
    }
    if (who == null || who.isBlank() || who.length() > 100) {
      throw CliException.usage("--operator: give a name of 1 to 100 characters");
    }
    return who.trim();
  }

  private String batchId() {
    if (batchId != null) {
      if (batchId.isBlank()
          || batchId.length() > 100
          || batchId.chars().anyMatch(Character::isWhitespace)) {
        throw CliException.usage(
            "--batch-id: 1 to 100 characters, no spaces, was '" + batchId + "'");
      }
      return batchId;
    }
    byte[] b = new byte[3];
    RANDOM.nextBytes(b);
    return verb() + "-" + BATCH_TIME.format(Instant.now()) + "-" + HexFormat.of().formatHex(b);
  }

  private int dryRun(
      Map<String, DeadLetter> selected,
      List<String> unknown,
      String who,
      String batch,
      Instant now) {
    List<String> would = new ArrayList<>();
    Map<String, String> refused = new LinkedHashMap<>();
    selected.forEach(
        (id, d) -> refusal(d).ifPresentOrElse(r -> refused.put(id, r), () -> would.add(id)));
    if (json()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("action", verb());
      m.put("dry_run", true);
      m.put("operator", who);
      m.put("selected", selected.size() + unknown.size());
      m.put("would_" + verb(), would);
      m.put("not_found", unknown);
      m.put("not_requeuable", refused);
      printJson(m);
    } else {
      if (!selected.isEmpty()) {
        Table t = new Table("ID", "REASON", "SINK", "ATTEMPTS", "LAST FAILURE", "DRY RUN");
        selected.forEach(
            (id, d) ->
                t.row(
                    id,
                    d.reason(),
                    d.sink(),
                    d.attempts(),
                    Durations.relative(d.lastFailureAt(), now),
                    refused.containsKey(id) ? "skip: " + refused.get(id) : "would " + verb()));
        t.print(out());
      }
      unknown.forEach(id -> out().println("not found: " + id));
      out()
          .printf(
              "dry run: would %s %d dead letter%s%s%s; nothing changed%n",
              verb(),
              would.size(),
              would.size() == 1 ? "" : "s",
              refused.isEmpty() ? "" : ", skip " + refused.size(),
              unknown.isEmpty() ? "" : ", " + unknown.size() + " not found");
      out().flush();
    }
    return !unknown.isEmpty() ? ExitCodes.UNKNOWN_ID : ExitCodes.OK;
  }

  private int run(
      DeadLetterStore store,
      Map<String, DeadLetter> selected,
      List<String> unknown,
      String who,
      String batch)
      throws InterruptedException {
    List<String> todo = new ArrayList<>(selected.keySet());
    List<String> done = new ArrayList<>();
    List<String> notFound = new ArrayList<>(unknown);
    Map<String, String> refused = new LinkedHashMap<>();
    ProgressBar bar = ProgressBar.create(err(), progress, pastTense(), todo.size());
    boolean interrupted = false;
    int handled = 0;
    try (Interruption stop = Interruption.install()) {
      for (String id : todo) {
        if (stop.requested()) {
          interrupted = true;
          break;
        }
        Result r;
        try {
          r = act(store, id, who, batch);
        } catch (JedisException e) {
          bar.finish(handled, done.size());
          report(who, batch, todo, unknown.size(), done, notFound, refused, false, handled);
          throw new CliException(
              ExitCodes.REDIS_UNAVAILABLE,
              targetOf(ExitCodes.REDIS_UNAVAILABLE)
                  + " failed after "
                  + pastTense()
                  + " "
                  + done.size()
                  + " of "
                  + todo.size()
                  + " ids: "
                  + CliErrors.messageChain(e)
                  + "; each id is atomic: run the same command again to finish",
              e);
        }
        handled++;
        switch (r) {
          case DONE -> done.add(id);
          case NOT_FOUND -> notFound.add(id);
          case NOT_REQUEUABLE ->
              refused.put(id, refusal(selected.get(id)).orElse("cannot be " + pastTense()));
        }
        bar.update(handled, done.size());
        if (!pace.isZero() && handled < todo.size()) {
          Thread.sleep(pace.toMillis());
        }
      }
      if (!interrupted && stop.requested() && handled < todo.size()) {
        interrupted = true;
      }
    }
    bar.finish(handled, done.size());
    report(who, batch, todo, unknown.size(), done, notFound, refused, interrupted, handled);
    if (interrupted) {
      return ExitCodes.INTERRUPTED;
    }
    // ids named on the command line that are gone are unknown; filtered ones that vanished
    // meanwhile were taken by someone else and are only reported.
    if (!unknown.isEmpty() || (!ids.isEmpty() && !notFound.isEmpty())) {
      return ExitCodes.UNKNOWN_ID;
    }
    return refused.isEmpty() ? ExitCodes.OK : ExitCodes.PROBLEMS;
  }

  private void report(
      String who,
      String batch,
      List<String> todo,
      int unknown,
      List<String> done,
      List<String> notFound,
      Map<String, String> refused,
      boolean interrupted,
      int handled) {
    int total = todo.size() + unknown;
    List<String> remaining = todo.subList(Math.min(handled, todo.size()), todo.size());
    if (json()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("action", verb());
      m.put("dry_run", false);
      m.put("batch", batch);
      m.put("operator", who);
      m.put("selected", total);
      m.put(pastTense(), done);
      m.put("not_found", notFound);
      m.put("not_requeuable", refused);
      m.put("interrupted", interrupted);
      m.put("remaining", remaining);
      printJson(m);
      return;
    }
    if (total <= PER_ID_LINES_MAX) {
      done.forEach(id -> out().printf("%-15s %s%n", pastTense(), id));
      notFound.forEach(
          id ->
              out()
                  .printf(
                      "%-15s %s (no such dead letter: requeued or purged meanwhile, or never failed)%n",
                      "not found", id));
      refused.forEach((id, why) -> out().printf("%-15s %s (%s)%n", "skipped", id, why));
    } else if (!refused.isEmpty()) {
      refused.forEach((id, why) -> out().printf("%-15s %s (%s)%n", "skipped", id, why));
    }
    StringBuilder sb = new StringBuilder();
    sb.append(pastTense()).append(' ').append(done.size()).append(" of ").append(total);
    sb.append(" (batch ").append(batch).append(", operator ").append(who).append(')');
    if (!notFound.isEmpty()) {
      sb.append("; ").append(notFound.size()).append(" not found");
    }
    if (!refused.isEmpty()) {
      sb.append("; ").append(refused.size()).append(" skipped");
    }
    if (interrupted) {
      sb.append("; interrupted: ")
          .append(remaining.size())
          .append(" not touched (each id is atomic: run the same command again to finish)");
    }
    out().println(sb);
    out().flush();
  }

  /** Why a dead letter cannot be requeued: no readable payload. */
  static Optional<String> unrequeuable(DeadLetter d) {
    if (d.auditId() == null
        || DeadReason.MALFORMED_JSON.code().equals(d.reason())
        || DeadReason.UNKNOWN_CLASS.code().equals(d.reason())) {
      return Optional.of(d.reason() + ": no readable payload, it would only fail again; purge it");
    }
    return Optional.empty();
  }

  /** {@code --pace}: an age form of {@link TimeSpec} ({@code 50ms}, {@code 1s}). */
  static final class PaceConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      TimeSpec t;
      try {
        t = TimeSpec.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("give a duration like 50ms, 1s: '" + value + "'");
      }
      if (t.ago() == null) {
        throw new TypeConversionException(
            "give a duration like 50ms, 1s, not a time: '" + value + "'");
      }
      return t.ago();
    }
  }
}
