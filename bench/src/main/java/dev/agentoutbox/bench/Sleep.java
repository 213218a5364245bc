package dev.agentoutbox.bench;

/** Sleeping without checked exceptions (benchmarks stop by exiting). */
final class Sleep {
  private Sleep() {}

  static void millis(long ms) {
    if (ms <= 0) {
      return;
    }
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  static void untilNanos(long deadline) {
    long d = deadline - System.nanoTime();
    if (d > 0) {
      try {
        Thread.sleep(d / 1_000_000, (int) (d % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }
}
