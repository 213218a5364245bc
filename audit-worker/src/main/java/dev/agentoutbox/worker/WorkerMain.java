package dev.agentoutbox.worker;

import dev.agentoutbox.cli.AuditWorkerCli;

/** Entry point of {@code audit-worker.jar}: {@code run} and the operator commands. */
public final class WorkerMain {
  private WorkerMain() {}

  public static void main(String[] args) {
    System.exit(AuditWorkerCli.commandLine().execute(args));
  }
}
