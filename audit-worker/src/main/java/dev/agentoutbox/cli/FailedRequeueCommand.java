package dev.agentoutbox.cli;

import dev.agentoutbox.queue.DeadLetter;
import dev.agentoutbox.queue.DeadLetterStore;
import java.util.Optional;
import picocli.CommandLine.Command;

/** {@code audit-worker failed requeue}. */
@Command(
    name = "requeue",
    header = "Puts dead letters back in the queue, atomically per id.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Puts dead letters back in the ready queue, by id, each one atomically: two operators"
          + " requeueing the same ids at once move each job once. Attempts restart at 0; per-sink"
          + " progress is kept, so a sink that already holds the record is not written again."
          + " Every requeued id is recorded with operator, time and batch id ('failed history').",
      "Select with ids, --all, or filters (--reason, --sink, --since, --until, --limit). Ctrl-C"
          + " stops between two ids and reports how many moved; running the same command again"
          + " finishes the job. Malformed jobs cannot be requeued (purge them)."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  audit-worker failed requeue 6f1c2a0e-3b7d-4a53-9a43-2d1f0b8e9c11",
      "  audit-worker failed requeue --sink mlflow --since 2h --dry-run",
      "  audit-worker failed requeue --reason retries-exhausted --batch-id INC-4211",
      "  audit-worker failed requeue --all --operator alice --progress always"
    })
final class FailedRequeueCommand extends DeadLetterBatchCommand {

  @Override
  protected String verb() {
    return "requeue";
  }

  @Override
  protected String pastTense() {
    return "requeued";
  }

  @Override
  protected Optional<String> refusal(DeadLetter d) {
    return unrequeuable(d);
  }

  @Override
  protected Result act(DeadLetterStore store, String id, String operator, String batch) {
    return switch (store.requeue(id, operator, batch)) {
      case REQUEUED -> Result.DONE;
      case NOT_FOUND -> Result.NOT_FOUND;
      case NOT_REQUEUABLE -> Result.NOT_REQUEUABLE;
    };
  }
}
