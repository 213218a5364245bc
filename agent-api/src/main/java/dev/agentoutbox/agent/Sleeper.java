package dev.agentoutbox.agent;

import java.time.Duration;

/** Waits for simulated phase latency; tests pass one that records instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
  Sleeper SYSTEM =
      d -> {
        try {
          Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      };

  void sleep(Duration duration);
}
