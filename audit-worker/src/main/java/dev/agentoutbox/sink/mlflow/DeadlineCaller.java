package dev.agentoutbox.sink.mlflow;

import dev.agentoutbox.sink.SinkException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs calls on a client that has no timeouts of its own under a deadline, on a separate thread.
 *
 * <p>When a call overruns, its thread is interrupted and the client is closed and replaced: a call
 * that hangs may hold pooled connections forever (the MLflow client leaks one per HTTP 429), and a
 * poisoned pool would hang every later call. Closing the client also unblocks socket reads that an
 * interrupt cannot reach.
 */
final class DeadlineCaller<C extends AutoCloseable> implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DeadlineCaller.class);
  private static final AtomicInteger POOL_SEQ = new AtomicInteger();

  /** A call on the client; may throw any runtime exception, classified by the caller. */
  interface Call<C, T> {
    T apply(C client) throws Exception;
  }

  private final Supplier<C> factory;
  private final Duration deadline;
  private final BiFunction<String, Throwable, MlflowCallException> classifier;
  private final AtomicReference<C> client;
  private final ExecutorService executor;
  private final AtomicLong rebuilds = new AtomicLong();
  private final AtomicInteger inFlight = new AtomicInteger();

  DeadlineCaller(
      Supplier<C> factory,
      Duration deadline,
      BiFunction<String, Throwable, MlflowCallException> classifier) {
    this.factory = factory;
    this.deadline = deadline;
    this.classifier = classifier;
    this.client = new AtomicReference<>(factory.get());
    int pool = POOL_SEQ.incrementAndGet();
    AtomicInteger threadSeq = new AtomicInteger();
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "mlflow-call-" + pool + "-" + threadSeq.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  <T> T call(String operation, Call<C, T> call) throws MlflowCallException {
    C c = client.get();
    Future<T> future;
    try {
      future =
          executor.submit(
              () -> {
                inFlight.incrementAndGet();
                try {
                  return call.apply(c);
                } finally {
                  inFlight.decrementAndGet();
                }
              });
    } catch (RejectedExecutionException e) {
      throw new MlflowCallException(
          operation, SinkException.Kind.TRANSIENT, 0, null, "gateway is closed", e);
    }
    try {
      return future.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      rebuild(c, operation);
      throw new MlflowCallException(
          operation,
          SinkException.Kind.TRANSIENT,
          0,
          null,
          "no answer within the deadline of " + deadline.toMillis() + " ms; client rebuilt",
          e);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new MlflowCallException(
          operation, SinkException.Kind.TRANSIENT, 0, null, "interrupted while waiting", e);
    } catch (CancellationException e) {
      throw new MlflowCallException(
          operation, SinkException.Kind.TRANSIENT, 0, null, "call cancelled", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw classifier.apply(operation, cause);
    }
  }

  /** How many times the client was replaced after a timeout. */
  long rebuilds() {
    return rebuilds.get();
  }

  /** Calls still running on a call thread, including abandoned ones after a timeout. */
  int inFlight() {
    return inFlight.get();
  }

  private void rebuild(C stale, String operation) {
    C fresh = factory.get();
    if (client.compareAndSet(stale, fresh)) {
      rebuilds.incrementAndGet();
      log.warn(
          "MLflow call {} overran its deadline of {} ms: closed the client and built a new one;"
              + " the caller will retry",
          operation,
          deadline.toMillis());
      closeQuietly(stale);
    } else {
      closeQuietly(fresh);
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
    closeQuietly(client.get());
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      log.debug("closing MLflow client failed", e);
    }
  }
}
