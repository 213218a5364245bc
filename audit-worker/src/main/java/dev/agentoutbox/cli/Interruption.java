package dev.agentoutbox.cli;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Ctrl-C (SIGINT) and SIGTERM as a flag, so a batch stops between two ids and reports what it did
 * instead of dying in the middle of its report.
 */
final class Interruption implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Interruption.class);
  private static final String[] SIGNALS = {"INT", "TERM"};

  private final AtomicBoolean requested = new AtomicBoolean();
  private final sun.misc.SignalHandler[] previous = new sun.misc.SignalHandler[SIGNALS.length];

  private Interruption() {}

  /** Installs the handlers; {@link #close()} restores the previous ones. */
  static Interruption install() {
    Interruption i = new Interruption();
    for (int s = 0; s < SIGNALS.length; s++) {
      try {
        i.previous[s] = Signal.handle(new Signal(SIGNALS[s]), sig -> i.requested.set(true));
      } catch (IllegalArgumentException | UnsupportedOperationException e) {
        LOG.info(
            "cannot catch SIG{} here ({}); it stops the batch at once", SIGNALS[s], e.toString());
      }
    }
    return i;
  }

  boolean requested() {
    return requested.get();
  }

  /** For tests and callers that stop a batch themselves. */
  void request() {
    requested.set(true);
  }

  @Override
  public void close() {
    for (int s = 0; s < SIGNALS.length; s++) {
      if (previous[s] != null) {
        try {
          Signal.handle(new Signal(SIGNALS[s]), previous[s]);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
          LOG.info("cannot restore SIG{} handler: {}", SIGNALS[s], e.toString());
        }
      }
    }
  }
}
