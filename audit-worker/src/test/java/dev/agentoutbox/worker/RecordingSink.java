package dev.agentoutbox.worker;

import dev.agentoutbox.payload.AuditPayload;
import dev.agentoutbox.sink.AuditSink;
import dev.agentoutbox.sink.SinkException;
import dev.agentoutbox.sink.SinkProgress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-process sink for queue-machinery tests: counts writes, fails or blocks on demand. */
final class RecordingSink implements AuditSink {
  private final String name;
  final Map<String, AtomicInteger> writes = new ConcurrentHashMap<>();
  final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
  volatile int transientFailuresPerId;
  volatile boolean permanentFailure;
  volatile CountDownLatch block;
  final CountDownLatch entered = new CountDownLatch(1);

  RecordingSink(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void write(AuditPayload payload, SinkProgress progress) throws SinkException {
    String id = payload.auditId().toString();
    int attempt = attempts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
    entered.countDown();
    CountDownLatch b = block;
    if (b != null) {
      try {
        b.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (permanentFailure) {
      throw SinkException.permanentFailure(name, "HTTP 400 bad request", null);
    }
    if (attempt <= transientFailuresPerId) {
      throw SinkException.transientFailure(name, "HTTP 503 attempt " + attempt, null);
    }
    writes.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
  }

  int totalWrites() {
    return writes.values().stream().mapToInt(AtomicInteger::get).sum();
  }
}
