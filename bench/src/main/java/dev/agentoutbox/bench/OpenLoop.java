package dev.agentoutbox.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Open-loop load: requests arrive at a fixed rate whatever the response times (as users do), each
 * on its own thread of an unbounded pool, and each response time is measured from the request's
 * <em>scheduled</em> arrival, so a stalled system cannot hide its queueing (no coordinated
 * omission).
 */
public final class OpenLoop {
  private OpenLoop() {}

  /** One request: its own timings; the response time is added by the loop. */
  public static final class Sample {
    public long responseNanos;
    public long agentNanos;
    public long phase8Nanos;
    public boolean ok = true;
    public String auditId;
    public long respondedAtEpochMs;
    public long handOffMicros = -1;
  }

  /** A request body; {@code i} is the request number. */
  @FunctionalInterface
  public interface Request {
    Sample call(int i) throws Exception;
  }

  public static List<Sample> run(int perSecond, Duration duration, Request request)
      throws Exception {
    int n = (int) Math.max(1, perSecond * duration.toMillis() / 1000);
    long interval = 1_000_000_000L / perSecond;
    AtomicInteger threadNo = new AtomicInteger();
    ExecutorService pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "user-" + threadNo.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    List<Future<Sample>> futures = new ArrayList<>(n);
    long start = System.nanoTime() + 20_000_000L;
    try {
      for (int i = 0; i < n; i++) {
        final int k = i;
        final long scheduled = start + i * interval;
        Sleep.untilNanos(scheduled);
        futures.add(
            pool.submit(
                () -> {
                  Sample s;
                  try {
                    s = request.call(k);
                  } catch (Exception e) {
                    s = new Sample();
                    s.ok = false;
                  }
                  s.responseNanos = System.nanoTime() - scheduled;
                  s.respondedAtEpochMs = System.currentTimeMillis();
                  return s;
                }));
      }
      List<Sample> out = new ArrayList<>(n);
      for (Future<Sample> f : futures) {
        out.add(f.get(5, TimeUnit.MINUTES));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }
}
