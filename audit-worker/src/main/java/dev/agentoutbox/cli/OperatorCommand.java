package dev.agentoutbox.cli;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of the operator commands: {@code --json}, {@code --verbose}, output streams, and the systems
 * a failure message names.
 */
abstract class OperatorCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin OutputOptions output;

  private final Map<Integer, String> targets = new HashMap<>();

  @Override
  public final Integer call() throws Exception {
    return execute();
  }

  /** Runs the command; returns its exit code or throws (see {@link CliErrors}). */
  protected abstract int execute() throws Exception;

  protected PrintWriter out() {
    return spec.commandLine().getOut();
  }

  protected PrintWriter err() {
    return spec.commandLine().getErr();
  }

  protected boolean json() {
    return output.json;
  }

  /** Prints {@code value} as JSON on stdout. */
  protected void printJson(Object value) {
    out().println(Json.write(value));
    out().flush();
  }

  /** Remembers which system an exit code refers to, e.g. {@code Redis redis://host:6379}. */
  protected void target(int exitCode, String description) {
    targets.put(exitCode, description);
  }

  /** The system behind an exit code, or null. */
  String targetOf(int exitCode) {
    return targets.get(exitCode);
  }

  /** The full command name, e.g. {@code audit-worker failed list}. */
  String qualifiedName() {
    return spec.qualifiedName();
  }
}
