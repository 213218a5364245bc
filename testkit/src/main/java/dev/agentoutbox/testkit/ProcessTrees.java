package dev.agentoutbox.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Signals a process with its descendants and waits until all of them are gone. */
final class ProcessTrees {

  private static final long POLL_MILLIS = 10;

  private ProcessTrees() {}

  /** {@code root} followed by its descendants, captured now (a killed parent loses them). */
  static List<ProcessHandle> snapshot(ProcessHandle root) {
    List<ProcessHandle> tree = new ArrayList<>();
    tree.add(root);
    root.descendants().forEach(tree::add);
    return tree;
  }

  /** SIGTERM ({@code force} false) or SIGKILL ({@code force} true) to every process. */
  static void signal(List<ProcessHandle> processes, boolean force) {
    for (ProcessHandle process : processes) {
      if (force) {
        process.destroyForcibly();
      } else {
        process.destroy();
      }
    }
  }

  /**
   * Polls until every process is gone; zombies count as gone, since an init that does not reap
   * orphans (common in containers) would otherwise keep them "alive" forever. Returns false on
   * timeout.
   */
  static boolean awaitGone(List<ProcessHandle> processes, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (processes.stream().allMatch(ProcessTrees::isGone)) {
        return true;
      }
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  static boolean isGone(ProcessHandle process) {
    return !process.isAlive() || isZombie(process.pid());
  }

  private static boolean isZombie(long pid) {
    Path stat = Path.of("/proc", Long.toString(pid), "stat");
    try {
      String line = Files.readString(stat);
      int afterName = line.lastIndexOf(')');
      return afterName > 0 && line.length() > afterName + 2 && line.charAt(afterName + 2) == 'Z';
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
