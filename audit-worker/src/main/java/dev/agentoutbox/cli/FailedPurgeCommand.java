package dev.agentoutbox.cli;

import dev.agentoutbox.queue.DeadLetter;
import dev.agentoutbox.queue.DeadLetterStore;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code audit-worker failed purge}. */
@Command(
    name = "purge",
    header = "Deletes dead letters for good (needs --yes-i-am-sure).",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Deletes dead letters for good, by id, each one atomically, and records operator, time and"
          + " batch id in the audit trail. The record is then in no sink: 'verify' reports purged"
          + " ids separately from missing ones.",
      "Requires --yes-i-am-sure (or --dry-run to see what would go). Same selectors as requeue."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  audit-worker failed purge --reason malformed-json --dry-run",
      "  audit-worker failed purge raw:3f9a0c1d2e4b5a6978a1b2c3 --yes-i-am-sure",
      "  audit-worker failed purge --until 30d --yes-i-am-sure --operator alice"
    })
final class FailedPurgeCommand extends DeadLetterBatchCommand {

  @Option(
      names = "--yes-i-am-sure",
      description = "Confirms that the selected dead letters are deleted for good.")
  boolean confirmed;

  @Override
  protected String verb() {
    return "purge";
  }

  @Override
  protected String pastTense() {
    return "purged";
  }

  @Override
  protected void checkBeforeConnecting() {
    if (!confirmed && !dryRun) {
      throw CliException.usage(
          "purge deletes dead letters for good: add --yes-i-am-sure, or --dry-run to see what would"
              + " be deleted");
    }
  }

  @Override
  protected Optional<String> refusal(DeadLetter d) {
    return Optional.empty();
  }

  @Override
  protected Result act(DeadLetterStore store, String id, String operator, String batch) {
    return store.purge(id, operator, batch) ? Result.DONE : Result.NOT_FOUND;
  }
}
