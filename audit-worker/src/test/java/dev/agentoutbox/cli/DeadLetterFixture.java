package dev.agentoutbox.cli;

import static org.awaitility.Awaitility.await;

import dev.agentoutbox.payload.SamplePayloads;
import dev.agentoutbox.queue.HeartbeatSettings;
import dev.agentoutbox.queue.RedisAuditQueue;
import dev.agentoutbox.queue.RedisSettings;
import dev.agentoutbox.retry.BackoffPolicy;
import dev.agentoutbox.sink.AuditSink;
import dev.agentoutbox.worker.WorkerConfig;
import dev.agentoutbox.worker.WorkerMetrics;
import dev.agentoutbox.worker.WorkerRuntime;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;

/**
 * Produces real dead letters: jobs enqueued through the API's queue and run by a real worker
 * runtime whose "governance" sink succeeds and whose "mlflow" sink refuses every record.
 */
final class DeadLetterFixture {
  private DeadLetterFixture() {}

  /** Enqueues {@code n} payloads, lets a worker dead-letter them all, stops it; returns the ids. */
  static List<String> deadLetters(RedisSettings settings, int n) throws Exception {
    List<String> ids = enqueue(settings, n);
    WorkerConfig config =
        WorkerConfig.builder(settings)
            .threads(2)
            .backoff(new BackoffPolicy(Duration.ofMillis(10), 2, Duration.ofMillis(50), 3))
            .heartbeat(HeartbeatSettings.defaults())
            .shutdownGrace(Duration.ofSeconds(5))
            .healthPort(-1)
            .build();
    List<AuditSink> sinks =
        List.of(ScriptedSink.accepting("governance"), ScriptedSink.refusing("mlflow"));
    try (WorkerRuntime runtime =
        new WorkerRuntime(config, sinks, new WorkerMetrics(), Clock.systemUTC())) {
      runtime.start();
      await().atMost(60, TimeUnit.SECONDS).until(() -> allDead(settings, ids));
    }
    return ids;
  }

  static List<String> enqueue(RedisSettings settings, int n) throws Exception {
    List<String> ids = new ArrayList<>();
    try (RedisAuditQueue queue = new RedisAuditQueue(settings)) {
      for (int i = 0; i < n; i++) {
        var p = SamplePayloads.in003();
        queue.enqueue(p);
        ids.add(p.auditId().toString());
      }
    }
    return ids;
  }

  private static boolean allDead(RedisSettings settings, List<String> ids) {
    try (Jedis j = settings.newJedis()) {
      for (String id : ids) {
        if (!j.hexists(settings.keys().deadLetters(), id)) {
          return false;
        }
      }
      return true;
    }
  }

  static long deadCount(RedisSettings settings) {
    try (Jedis j = settings.newJedis()) {
      return j.hlen(settings.keys().deadLetters());
    }
  }
}
