package dev.agentoutbox.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParseResult;

/** The {@code audit-worker} command and its subcommands. */
@Command(
    name = "audit-worker",
    mixinStandardHelpOptions = true,
    version = "agent-outbox audit-worker 0.1.0",
    description = {
      "Writes Phase 8 audit records from the Redis outbox to governance and MLflow (run), and the"
          + " operator commands to watch the pipeline, requeue failed jobs and prove nothing is"
          + " missing.",
      "Configuration: REDIS_URL, REDIS_NAMESPACE, GOVERNANCE_*, MLFLOW_* as for 'run'; flags"
          + " override them."
    },
    subcommands = {
      RunCommand.class,
      StatsCommand.class,
      WorkersCommand.class,
      FailedCommand.class,
      VerifyCommand.class,
      ReapCommand.class,
      CompletionCommand.class,
      CommandLine.HelpCommand.class
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  audit-worker run --threads 4",
      "  audit-worker stats",
      "  audit-worker failed list --since 1h",
      "  audit-worker failed requeue --sink mlflow --dry-run",
      "  audit-worker verify --since 15m",
      "  source <(audit-worker completion)"
    })
public final class AuditWorkerCli {
  private AuditWorkerCli() {}

  public static CommandLine commandLine() {
    CommandLine cli =
        new CommandLine(new AuditWorkerCli()).setCaseInsensitiveEnumValuesAllowed(true);
    CliErrors errors = new CliErrors();
    cli.setParameterExceptionHandler(errors);
    cli.setExecutionExceptionHandler(errors);
    cli.setExecutionStrategy(AuditWorkerCli::execute);
    addExitCodes(cli);
    return cli;
  }

  private static int execute(ParseResult parseResult) {
    ParseResult leaf = parseResult;
    while (leaf.hasSubcommand()) {
      leaf = leaf.subcommand();
    }
    if (leaf.commandSpec().userObject() instanceof OperatorCommand) {
      CliLogging.configure(CliErrors.verbose(parseResult));
    }
    return new CommandLine.RunLast().execute(parseResult);
  }

  private static void addExitCodes(CommandLine cmd) {
    if (cmd.getCommand() instanceof OperatorCommand || cmd.getCommand() instanceof FailedCommand) {
      cmd.getCommandSpec()
          .usageMessage()
          .exitCodeListHeading("%nExit codes:%n")
          .exitCodeList(ExitCodes.describe());
    }
    cmd.getSubcommands().values().forEach(AuditWorkerCli::addExitCodes);
  }
}
