package dev.agentoutbox.sink.governance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: rows submitted by many threads are collected into batches and handed to a {@link
 * BatchWriter}, at most {@code writers} batches at a time.
 *
 * <p>A batch starts with the oldest waiting row and takes the rows that arrive within {@code
 * window} of it, up to {@code maxBatchSize}. While every writer is busy rows keep queueing, so
 * batches grow with the load and the number of statements stays bounded by the writers. Rows with
 * an {@code audit_id} already queued or being written join that write (single flight), so one
 * process never sends the same {@code audit_id} twice at once.
 */
final class GroupCommitter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);
  private static final long IDLE_POLL_MILLIS = 100;
  private static final long POLL_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final BatchWriter writer;
  private final StatsCounter stats;
  private final int maxBatchSize;
  private final long windowNanos;
  private final BlockingQueue<Pending> queue;
  private final Semaphore freeWriters;
  private final ExecutorService writerPool;
  private final Thread collector;
  private final Map<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** A failed write, as the exceptional completion of a submitted row's future. */
  static final class FailedWrite extends Exception {
    private final transient WriteFailure failure;

    FailedWrite(WriteFailure failure) {
      super(failure.message(), null, false, false);
      this.failure = failure;
    }

    WriteFailure failure() {
      return failure;
    }
  }

  private record Pending(GovernanceRow row, CompletableFuture<Void> done, long enqueuedNanos) {}

  GroupCommitter(
      BatchWriter writer,
      StatsCounter stats,
      int writers,
      int maxBatchSize,
      Duration window,
      int queueCapacity) {
    this.writer = writer;
    this.stats = stats;
    this.maxBatchSize = maxBatchSize;
    this.windowNanos = window.toNanos();
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.freeWriters = new Semaphore(writers);
    AtomicInteger n = new AtomicInteger();
    this.writerPool =
        Executors.newFixedThreadPool(
            writers,
            r -> {
              Thread t = new Thread(r, "governance-writer-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.collector = new Thread(this::collect, "governance-batcher");
    this.collector.setDaemon(true);
    this.collector.start();
  }

  /**
   * Queues a row; waits up to {@code queueTimeoutNanos} for room in the queue.
   *
   * @return completes when the row is written, or exceptionally with a {@link FailedWrite}
   */
  CompletableFuture<Void> submit(GovernanceRow row, long queueTimeoutNanos)
      throws InterruptedException {
    CompletableFuture<Void> mine = new CompletableFuture<>();
    CompletableFuture<Void> existing = inFlight.putIfAbsent(row.auditId(), mine);
    if (existing != null) {
      return existing;
    }
    mine.whenComplete((v, e) -> inFlight.remove(row.auditId(), mine));
    if (closed) {
      mine.completeExceptionally(closedFailure());
      return mine;
    }
    Pending p = new Pending(row, mine, System.nanoTime());
    boolean queued;
    try {
      queued = queue.offer(p, queueTimeoutNanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      mine.completeExceptionally(
          new FailedWrite(WriteFailure.transientFailure("interrupted while queueing", e)));
      throw e;
    }
    if (!queued) {
      mine.completeExceptionally(
          new FailedWrite(
              WriteFailure.transientFailure(
                  "the governance queue stayed full (" + queue.size() + " rows waiting)", null)));
    } else if (closed && queue.remove(p)) {
      mine.completeExceptionally(closedFailure());
    }
    return mine;
  }

  private void collect() {
    while (true) {
      Pending first;
      try {
        first = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        break;
      }
      if (first == null) {
        if (closed) {
          break;
        }
        continue;
      }
      List<Pending> batch = new ArrayList<>(Math.min(maxBatchSize, 1024));
      batch.add(first);
      try {
        freeWriters.acquire();
      } catch (InterruptedException e) {
        fail(batch, closedFailure());
        break;
      }
      boolean interrupted = fill(batch);
      try {
        writerPool.execute(() -> flush(batch));
      } catch (RejectedExecutionException e) {
        freeWriters.release();
        fail(batch, closedFailure());
      }
      if (interrupted) {
        break;
      }
    }
    List<Pending> rest = new ArrayList<>();
    queue.drainTo(rest);
    fail(rest, closedFailure());
  }

  /** Adds rows until the batch is full or its window has passed; true when interrupted. */
  private boolean fill(List<Pending> batch) {
    long deadline = batch.get(0).enqueuedNanos() + windowNanos;
    while (batch.size() < maxBatchSize) {
      queue.drainTo(batch, maxBatchSize - batch.size());
      long remaining = deadline - System.nanoTime();
      if (batch.size() >= maxBatchSize || remaining <= 0 || closed) {
        break;
      }
      try {
        // wait in slices so that close() does not wait for a long window
        Pending p = queue.poll(Math.min(remaining, POLL_SLICE_NANOS), TimeUnit.NANOSECONDS);
        if (p != null) {
          batch.add(p);
        }
      } catch (InterruptedException e) {
        return true;
      }
    }
    return false;
  }

  private void flush(List<Pending> batch) {
    try {
      stats.batch(batch.size());
      Map<String, WriteFailure> failures;
      try {
        failures = writer.write(batch.stream().map(Pending::row).toList());
      } catch (RuntimeException | Error e) {
        LOG.error("governance batch writer broke its contract; failing the batch as transient", e);
        failures = null;
        fail(batch, new FailedWrite(WriteFailure.transientFailure("unexpected: " + e, e)));
      }
      if (failures != null) {
        for (Pending p : batch) {
          WriteFailure f = failures.get(p.row().auditId());
          if (f == null) {
            p.done().complete(null);
          } else {
            p.done().completeExceptionally(new FailedWrite(f));
          }
        }
      }
    } finally {
      freeWriters.release();
    }
  }

  private static void fail(List<Pending> batch, FailedWrite failure) {
    batch.forEach(p -> p.done().completeExceptionally(failure));
  }

  private static FailedWrite closedFailure() {
    return new FailedWrite(WriteFailure.transientFailure("the governance sink is closed", null));
  }

  /** Rows queued and not yet in a batch. */
  int queued() {
    return queue.size();
  }

  /**
   * Writes what is queued, then stops; waits up to {@code timeout} for running batches. Rows still
   * unwritten after that fail TRANSIENT.
   */
  void close(Duration timeout) {
    closed = true;
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      collector.join(Math.max(1, timeout.toMillis()));
      if (collector.isAlive()) {
        collector.interrupt();
      }
      writerPool.shutdown();
      long remaining = deadline - System.nanoTime();
      if (!writerPool.awaitTermination(Math.max(0, remaining), TimeUnit.NANOSECONDS)) {
        LOG.warn("governance batches still running at close; their callers fail and retry");
        writerPool.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      collector.interrupt();
      writerPool.shutdownNow();
    }
    inFlight.values().forEach(f -> f.completeExceptionally(closedFailure()));
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }
}
