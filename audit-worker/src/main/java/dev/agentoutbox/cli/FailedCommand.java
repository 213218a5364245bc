package dev.agentoutbox.cli;

import picocli.CommandLine.Command;

/** {@code audit-worker failed ...}: the dead letters. */
@Command(
    name = "failed",
    header = "Lists, shows, requeues and purges dead letters.",
    mixinStandardHelpOptions = true,
    description = {
      "Inspects and acts on dead letters: jobs that failed terminally (a sink refused the record,"
          + " retries ran out, or the job is unreadable). Each dead letter is keyed by its audit"
          + " id; every action is per id and atomic, and requeues and purges are recorded with"
          + " operator, time and batch id in an audit trail ('failed history')."
    },
    subcommands = {
      FailedListCommand.class,
      FailedShowCommand.class,
      FailedRequeueCommand.class,
      FailedPurgeCommand.class,
      FailedHistoryCommand.class
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  audit-worker failed list --reason retries-exhausted --since 2h",
      "  audit-worker failed show 6f1c2a0e-3b7d-4a53-9a43-2d1f0b8e9c11",
      "  audit-worker failed requeue --sink mlflow --dry-run",
      "  audit-worker failed requeue --all --operator alice",
      "  audit-worker failed history"
    })
final class FailedCommand {}
