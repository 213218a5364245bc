package dev.agentoutbox.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server started as a child of this JVM, its output appended to a log file. Every live child (and
 * its own descendants) is SIGKILLed by a shutdown hook, so no server outlives a test JVM that exits
 * normally; {@link WorkDirs} reaps those left behind by a JVM that was itself SIGKILLed.
 */
public final class ChildProcess implements AutoCloseable {

  /** How long {@link #close()} waits after SIGTERM before it sends SIGKILL. */
  public static final Duration DEFAULT_GRACE = Duration.ofSeconds(15);

  private static final Logger LOG = LoggerFactory.getLogger(ChildProcess.class);
  private static final Duration KILL_WAIT = Duration.ofSeconds(10);
  private static final Set<ChildProcess> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> LIVE.forEach(ChildProcess::killQuietly), "testkit-child-killer"));
  }

  private final String name;
  private final Process process;
  private final Path logFile;

  private ChildProcess(String name, Process process, Path logFile) {
    this.name = name;
    this.process = process;
    this.logFile = logFile;
  }

  /**
   * Starts {@code command} in {@code workDir} with {@code extraEnv} added to this JVM's
   * environment; stdout and stderr are appended to {@code logFile}.
   */
  public static ChildProcess start(
      String name, List<String> command, Map<String, String> extraEnv, Path workDir, Path logFile) {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(Redirect.appendTo(logFile.toFile()))
            .redirectInput(Redirect.from(nullDevice()));
    builder.environment().putAll(extraEnv);
    try {
      Files.createDirectories(logFile.toAbsolutePath().getParent());
      ChildProcess child = new ChildProcess(name, builder.start(), logFile);
      LIVE.add(child);
      child.process.onExit().thenRun(() -> LIVE.remove(child));
      WorkDirs.recordPid(workDir, child.process.toHandle());
      LOG.debug("Started {} (pid {}): {}", name, child.pid(), command);
      return child;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot start " + name + " with command " + command + ": " + e.getMessage(), e);
    }
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path logFile() {
    return logFile;
  }

  /** The last lines of the log file, for error messages. */
  public String logTail() {
    return ProcessLogs.tail(logFile);
  }

  /** Waits up to {@code timeout} for the process to exit; true if it has. */
  public boolean awaitExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Sends SIGTERM, waits up to {@code grace} for a clean exit, then SIGKILLs whatever is left of
   * the process tree. Returns once the whole tree is gone.
   */
  public void terminate(Duration grace) {
    List<ProcessHandle> tree = tree();
    process.destroy();
    if (!awaitExit(grace)) {
      LOG.warn(
          "{} (pid {}) ignored SIGTERM for {} s; sending SIGKILL", name, pid(), grace.toSeconds());
    }
    killAll(tree);
  }

  /** SIGKILLs the process and all its descendants, and waits until they are gone. */
  public void kill() {
    killAll(tree());
  }

  /** {@link #terminate(Duration)} with {@link #DEFAULT_GRACE}. */
  @Override
  public void close() {
    terminate(DEFAULT_GRACE);
  }

  @Override
  public String toString() {
    return name + " (pid " + pid() + ", log " + logFile + ")";
  }

  private List<ProcessHandle> tree() {
    return ProcessTrees.snapshot(process.toHandle());
  }

  private void killAll(List<ProcessHandle> tree) {
    ProcessTrees.signal(tree, true);
    // Our own child is reaped by the JVM; waiting for that keeps isAlive() consistent.
    if (!ProcessTrees.awaitGone(tree, KILL_WAIT) || !awaitExit(KILL_WAIT)) {
      LOG.warn("Part of {} still alive {} s after SIGKILL", this, KILL_WAIT.toSeconds());
    }
  }

  private void killQuietly() {
    try {
      kill();
    } catch (RuntimeException e) {
      // The JVM is exiting; nothing useful can be done with this error.
    }
  }

  private static java.io.File nullDevice() {
    return new java.io.File(
        System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
  }
}
