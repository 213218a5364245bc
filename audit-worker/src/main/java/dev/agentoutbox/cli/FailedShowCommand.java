package dev.agentoutbox.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentoutbox.queue.DeadLetter;
import dev.agentoutbox.queue.DeadLetterStore;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code audit-worker failed show <id>}. */
@Command(
    name = "show",
    header = "Shows one dead letter: payload, error, attempts, progress.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Shows one dead letter: its payload, the error, attempts, failure times, the worker that gave"
          + " up, and the per-sink progress a requeue keeps (a sink already done is not written"
          + " again)."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  audit-worker failed show 6f1c2a0e-3b7d-4a53-9a43-2d1f0b8e9c11",
      "  audit-worker failed show 6f1c2a0e-3b7d-4a53-9a43-2d1f0b8e9c11 --json"
    })
final class FailedShowCommand extends RedisCommand {
  @Parameters(index = "0", paramLabel = "ID", description = "The dead letter id (the audit id).")
  String id;

  /** JSON output: the dead letter, its payload and, when unreadable, the raw job. */
  record Shown(
      DeadLetterView deadLetter, Map<String, String> sinks, JsonNode payload, String rawJob) {}

  @Override
  protected int execute() {
    try (RedisSession redis = openRedis()) {
      Optional<DeadLetter> found = new DeadLetterStore(redis.pool(), redis.keys()).get(id);
      if (found.isEmpty()) {
        JobLocator.Location where =
            redis.with(j -> new JobLocator(redis.keys()).locate(j, List.of(id)).get(id));
        throw new CliException(
            ExitCodes.UNKNOWN_ID,
            "no dead letter '"
                + id
                + "'"
                + (where.state() == JobLocator.State.NOT_IN_REDIS
                    ? ""
                    : " (it is " + where.state().label() + ": " + where.detail() + ")"));
      }
      DeadLetter d = found.get();
      JsonNode payload = payloadOf(d.job());
      Map<String, String> sinks = sinkSummary(d.progress());
      if (json()) {
        printJson(
            new Shown(DeadLetterView.of(d), sinks, payload, payload == null ? d.job() : null));
        return ExitCodes.OK;
      }
      print(d, sinks, payload, redis.now(), out());
    }
    return ExitCodes.OK;
  }

  private static void print(
      DeadLetter d, Map<String, String> sinks, JsonNode payload, Instant now, PrintWriter out) {
    out.printf("dead letter %s%n", d.id());
    field(out, "audit id", d.auditId());
    field(out, "reason", d.reason());
    field(out, "sink", d.sink());
    field(out, "attempts", Integer.toString(d.attempts()));
    field(
        out,
        "first failure",
        Durations.instant(d.firstFailureAt())
            + " ("
            + Durations.relative(d.firstFailureAt(), now)
            + ")");
    field(
        out,
        "last failure",
        Durations.instant(d.lastFailureAt())
            + " ("
            + Durations.relative(d.lastFailureAt(), now)
            + ")");
    field(out, "worker", d.worker());
    field(out, "error", d.error());
    out.println("sinks (progress is kept on requeue):");
    sinks.forEach((sink, state) -> out.printf("  %-14s %s%n", sink, state));
    Map<String, String> steps = new TreeMap<>(d.progress());
    steps.keySet().removeIf(k -> k.endsWith(".done"));
    if (!steps.isEmpty()) {
      out.println("sink steps recorded:");
      steps.forEach((k, v) -> out.printf("  %-24s %s%n", k, v));
    }
    if (payload != null) {
      out.println("payload:");
      out.println(indent(Json.write(payload)));
    } else {
      out.println("raw job (no readable payload):");
      out.println(indent(d.job()));
    }
    out.flush();
  }

  /** Per sink: done (when) or not done, from the progress fields. */
  static Map<String, String> sinkSummary(Map<String, String> progress) {
    TreeSet<String> names = new TreeSet<>(List.of("governance", "mlflow"));
    progress.keySet().stream()
        .filter(k -> k.contains("."))
        .map(k -> k.substring(0, k.indexOf('.')))
        .forEach(names::add);
    Map<String, String> out = new TreeMap<>();
    for (String sink : names) {
      String done = progress.get(sink + ".done");
      out.put(sink, done != null ? "done " + done : "not done (written on requeue)");
    }
    return out;
  }

  /** The payload object inside a Jesque job (carried as a JSON string), or null. */
  static JsonNode payloadOf(String job) {
    JsonNode n = Json.tryParse(job);
    JsonNode arg = n == null ? null : n.path("args").path(0);
    if (arg == null || arg.isMissingNode()) {
      return null;
    }
    JsonNode payload = arg.isTextual() ? Json.tryParse(arg.asText()) : arg;
    return payload != null && payload.isObject() ? payload : null;
  }

  private static void field(PrintWriter out, String name, String value) {
    out.printf("  %-14s %s%n", name, value == null ? "-" : value);
  }

  private static String indent(String s) {
    return "  " + (s == null ? "" : s.replace("\n", "\n  "));
  }
}
