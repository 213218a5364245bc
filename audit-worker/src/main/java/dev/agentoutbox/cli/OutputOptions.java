package dev.agentoutbox.cli;

import picocli.CommandLine.Option;

/** Output options shared by every operator command. */
final class OutputOptions {
  @Option(names = "--json", description = "Print JSON for machines instead of tables.")
  boolean json;

  @Option(
      names = {"-v", "--verbose"},
      description = "Log to stderr, and print the stack trace of a failure.")
  boolean verbose;
}
