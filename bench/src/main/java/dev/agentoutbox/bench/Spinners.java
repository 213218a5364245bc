package dev.agentoutbox.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Busy loops at the lowest CPU priority ({@code nice -n 19}), one per core: they take only CPU time
 * nothing else wants, and keep the vCPUs from idling, so a measurement does not pay the VM's
 * wake-from-idle latency on every round trip.
 */
final class Spinners implements AutoCloseable {
  private final List<Process> processes;

  private Spinners(List<Process> processes) {
    this.processes = processes;
  }

  static Spinners start(int count) throws IOException {
    List<Process> ps = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ps.add(
          new ProcessBuilder("nice", "-n", "19", "sh", "-c", "while :; do :; done")
              .redirectErrorStream(true)
              .start());
    }
    Sleep.millis(200);
    return new Spinners(ps);
  }

  @Override
  public void close() {
    for (Process p : processes) {
      p.destroyForcibly();
    }
    for (Process p : processes) {
      try {
        p.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
