package dev.agentoutbox.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/** Polls a readiness probe until it passes, the server dies, or a startup deadline passes. */
final class Await {

  private static final long FIRST_PAUSE_MILLIS = 20;
  private static final long MAX_PAUSE_MILLIS = 250;

  /** A readiness check; exceptions count as "not ready yet". */
  @FunctionalInterface
  interface Probe {
    boolean ready() throws Exception;
  }

  private Await() {}

  /**
   * Waits until {@code probe} passes.
   *
   * @param alive false once the server process is gone, which ends the wait early
   * @param failure builds the exception message from a short reason
   */
  static void until(
      Duration timeout, Probe probe, BooleanSupplier alive, Function<String, String> failure) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pause = FIRST_PAUSE_MILLIS;
    Exception last = null;
    while (true) {
      try {
        if (probe.ready()) {
          return;
        }
      } catch (Exception e) {
        last = e;
      }
      if (!alive.getAsBoolean()) {
        throw new IllegalStateException(failure.apply("the process exited during startup"), last);
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException(
            failure.apply("not ready within " + timeout.toSeconds() + " s"), last);
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(failure.apply("interrupted while waiting"), e);
      }
      pause = Math.min(MAX_PAUSE_MILLIS, pause * 2);
    }
  }
}
