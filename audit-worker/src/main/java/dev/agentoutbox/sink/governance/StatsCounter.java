package dev.agentoutbox.sink.governance;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Thread-safe counters behind {@link GovernanceStats}. */
final class StatsCounter {
  private final LongAdder batches = new LongAdder();
  private final LongAdder rows = new LongAdder();
  private final LongAdder statements = new LongAdder();
  private final AtomicInteger largestBatch = new AtomicInteger();

  void batch(int size) {
    batches.increment();
    rows.add(size);
    largestBatch.accumulateAndGet(size, Math::max);
  }

  void statement() {
    statements.increment();
  }

  GovernanceStats snapshot() {
    return new GovernanceStats(batches.sum(), rows.sum(), statements.sum(), largestBatch.get());
  }
}
