package dev.agentoutbox.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs short-lived setup commands (initdb, pg_ctl) to completion. */
final class Commands {

  private Commands() {}

  /**
   * Runs {@code command} in {@code workDir}, appending its output to {@code logFile}, and returns
   * its exit code; kills it and throws if it runs longer than {@code timeout}.
   */
  static int run(List<String> command, Path workDir, Path logFile, Duration timeout) {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(Redirect.appendTo(logFile.toFile()))
            .redirectInput(Redirect.from(new java.io.File("/dev/null")));
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot run " + command + ": " + e.getMessage(), e);
    }
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new IllegalStateException(
            "Command did not finish within "
                + timeout.toSeconds()
                + " s: "
                + command
                + ". Last log lines ("
                + logFile
                + "):\n"
                + ProcessLogs.tail(logFile));
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while running " + command, e);
    }
  }
}
