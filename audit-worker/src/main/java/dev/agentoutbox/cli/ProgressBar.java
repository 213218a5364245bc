package dev.agentoutbox.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A one-line progress bar on stderr, redrawn at most every {@link #REDRAW_NANOS}: shown when stderr
 * is a terminal ({@code --progress auto}) or when forced ({@code --progress always}).
 */
final class ProgressBar {
  /** {@code --progress} values. */
  enum Mode {
    AUTO,
    ALWAYS,
    NEVER
  }

  /** In auto mode, batches smaller than this finish too fast to need a bar. */
  static final int AUTO_MIN_TOTAL = 20;

  private static final long REDRAW_NANOS = 100_000_000L;
  private static final int WIDTH = 30;

  private final PrintWriter err;
  private final boolean enabled;
  private final String verb;
  private final int total;
  private final long startNanos = System.nanoTime();
  private long lastDraw;

  private ProgressBar(PrintWriter err, boolean enabled, String verb, int total) {
    this.err = err;
    this.enabled = enabled;
    this.verb = verb;
    this.total = total;
  }

  static ProgressBar create(PrintWriter err, Mode mode, String verb, int total) {
    boolean on =
        switch (mode) {
          case ALWAYS -> total > 0;
          case NEVER -> false;
          case AUTO -> total >= AUTO_MIN_TOTAL && stderrIsTerminal();
        };
    return new ProgressBar(err, on, verb, total);
  }

  boolean enabled() {
    return enabled;
  }

  void update(int done, int changed) {
    if (!enabled) {
      return;
    }
    long now = System.nanoTime();
    if (done < total && now - lastDraw < REDRAW_NANOS) {
      return;
    }
    lastDraw = now;
    draw(done, changed, now);
  }

  /** Draws the final state and ends the line. */
  void finish(int done, int changed) {
    if (!enabled) {
      return;
    }
    draw(done, changed, System.nanoTime());
    err.println();
    err.flush();
  }

  private void draw(int done, int changed, long now) {
    int pct = total == 0 ? 100 : (int) (100L * done / total);
    int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
    double secs = Math.max(1e-3, (now - startNanos) / 1e9);
    err.print(
        String.format(
            "\r[%s%s] %3d%% %d/%d %s %d  %.0f ids/s ",
            "#".repeat(filled),
            "-".repeat(WIDTH - filled),
            pct,
            done,
            total,
            verb,
            changed,
            done / secs));
    err.flush();
  }

  /**
   * Whether file descriptor 2 is a terminal: on Linux, from {@code /proc/self/fd/2}; elsewhere,
   * whether the JVM has a console.
   */
  static boolean stderrIsTerminal() {
    Path fd2 = Path.of("/proc/self/fd/2");
    try {
      if (Files.isSymbolicLink(fd2)) {
        String target = Files.readSymbolicLink(fd2).toString();
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
      }
    } catch (Exception e) {
      // fall through
    }
    return System.console() != null;
  }
}
