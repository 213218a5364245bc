package dev.agentoutbox.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code audit-worker} command and its subcommands. */
@Command(
    name = "audit-worker",
    mixinStandardHelpOptions = true,
    version = "agent-outbox audit-worker 0.1.0",
    description = "Writes Phase 8 audit records from the Redis outbox to governance and MLflow.",
    subcommands = {RunCommand.class, CommandLine.HelpCommand.class})
public final class AuditWorkerCli {
  private AuditWorkerCli() {}

  public static CommandLine commandLine() {
    return new CommandLine(new AuditWorkerCli()).setCaseInsensitiveEnumValuesAllowed(true);
  }
}
