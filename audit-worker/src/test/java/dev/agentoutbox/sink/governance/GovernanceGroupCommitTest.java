package dev.agentoutbox.sink.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentoutbox.sink.SinkException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The batching machinery with an in-memory {@link BatchWriter}; the database side is covered by the
 * contract tests.
 */
class GovernanceGroupCommitTest {
  private static final long QUEUE_WAIT = TimeUnit.SECONDS.toNanos(10);
  private final List<List<String>> batches = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private final List<GroupCommitter> committers = new ArrayList<>();

  @AfterEach
  void close() {
    release.countDown();
    committers.forEach(c -> c.close(Duration.ofSeconds(10)));
  }

  private GroupCommitter committer(BatchWriter writer, int writers, int max, Duration window) {
    GroupCommitter c = new GroupCommitter(writer, new StatsCounter(), writers, max, window, 100);
    committers.add(c);
    return c;
  }

  private BatchWriter recording(Map<String, WriteFailure> failures) {
    return rows -> {
      batches.add(rows.stream().map(GovernanceRow::auditId).toList());
      return new java.util.HashMap<>(failures);
    };
  }

  private static GovernanceRow row(String id) {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    return new GovernanceRow(id, "s", "u", "IN", 1.0, "{}", t, "q", "r", 1, 1, t);
  }

  @Test
  void eachCallerGetsTheOutcomeOfItsOwnRow() throws Exception {
    WriteFailure bad = new WriteFailure(SinkException.Kind.PERMANENT, "[22021] bad", null);
    GroupCommitter c = committer(recording(Map.of("b", bad)), 1, 3, Duration.ofMinutes(5));

    CompletableFuture<Void> a = c.submit(row("a"), QUEUE_WAIT);
    CompletableFuture<Void> b = c.submit(row("b"), QUEUE_WAIT);
    CompletableFuture<Void> d = c.submit(row("d"), QUEUE_WAIT);

    a.get(10, TimeUnit.SECONDS);
    d.get(10, TimeUnit.SECONDS);
    assertThatThrownBy(() -> b.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(
            GroupCommitter.FailedWrite.class, f -> assertThat(f.failure()).isEqualTo(bad));
    assertThat(batches).containsExactly(List.of("a", "b", "d"));
  }

  @Test
  void aRowOfAnAuditIdAlreadyInFlightJoinsThatWrite() throws Exception {
    CountDownLatch writing = new CountDownLatch(1);
    GroupCommitter c =
        committer(
            rows -> {
              writing.countDown();
              await(release);
              batches.add(rows.stream().map(GovernanceRow::auditId).toList());
              return Map.of();
            },
            1,
            10,
            Duration.ZERO);

    CompletableFuture<Void> first = c.submit(row("a"), QUEUE_WAIT);
    writing.await();
    CompletableFuture<Void> second = c.submit(row("a"), QUEUE_WAIT);
    release.countDown();

    assertThat(second).isSameAs(first);
    first.get(10, TimeUnit.SECONDS);
    // once written, a new submission writes again
    c.submit(row("a"), QUEUE_WAIT).get(10, TimeUnit.SECONDS);
    assertThat(batches).containsExactly(List.of("a"), List.of("a"));
  }

  @Test
  void rowsQueueWhileEveryWriterIsBusyAndThenGoInOneBatch() throws Exception {
    CountDownLatch writing = new CountDownLatch(1);
    GroupCommitter c =
        committer(
            rows -> {
              writing.countDown();
              await(release);
              batches.add(rows.stream().map(GovernanceRow::auditId).toList());
              return Map.of();
            },
            1,
            100,
            Duration.ZERO);

    CompletableFuture<Void> first = c.submit(row("first"), QUEUE_WAIT);
    writing.await();
    List<CompletableFuture<Void>> queued = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      queued.add(c.submit(row("q" + i), QUEUE_WAIT));
    }
    release.countDown();

    first.get(10, TimeUnit.SECONDS);
    for (CompletableFuture<Void> f : queued) {
      f.get(10, TimeUnit.SECONDS);
    }
    assertThat(batches).containsExactly(List.of("first"), List.of("q0", "q1", "q2", "q3", "q4"));
  }

  @Test
  void aWriterThatThrowsFailsItsBatchAsTransient() throws Exception {
    GroupCommitter c =
        committer(
            rows -> {
              throw new IllegalStateException("bug");
            },
            1,
            1,
            Duration.ZERO);

    CompletableFuture<Void> f = c.submit(row("a"), QUEUE_WAIT);

    assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
        .cause()
        .isInstanceOfSatisfying(
            GroupCommitter.FailedWrite.class,
            e -> assertThat(e.failure().kind()).isEqualTo(SinkException.Kind.TRANSIENT));
  }

  @Test
  void closeWritesWhatIsQueuedAndRefusesNewRows() throws Exception {
    GroupCommitter c = committer(recording(Map.of()), 1, 100, Duration.ofMinutes(5));
    CompletableFuture<Void> queued = c.submit(row("a"), QUEUE_WAIT);

    c.close(Duration.ofSeconds(10));

    queued.get(10, TimeUnit.SECONDS);
    CompletableFuture<Void> late = c.submit(row("b"), QUEUE_WAIT);
    assertThatThrownBy(() -> late.get(10, TimeUnit.SECONDS)).cause().hasMessageContaining("closed");
    assertThat(batches).containsExactly(List.of("a"));
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
