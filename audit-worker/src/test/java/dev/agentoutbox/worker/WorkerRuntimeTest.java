package dev.agentoutbox.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.agentoutbox.payload.AuditPayload;
import dev.agentoutbox.payload.SamplePayloads;
import dev.agentoutbox.queue.DeadLetter;
import dev.agentoutbox.queue.DeadLetterStore;
import dev.agentoutbox.queue.HeartbeatSettings;
import dev.agentoutbox.queue.JobEnvelope;
import dev.agentoutbox.queue.QueueKeys;
import dev.agentoutbox.queue.RedisAuditQueue;
import dev.agentoutbox.queue.RedisSettings;
import dev.agentoutbox.retry.BackoffPolicy;
import dev.agentoutbox.sink.AuditSink;
import dev.agentoutbox.testkit.RedisServer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;

class WorkerRuntimeTest {
  private static RedisServer redis;
  private RedisSettings settings;
  private QueueKeys keys;
  private RecordingSink governance;
  private RecordingSink mlflow;
  private WorkerRuntime runtime;
  private RedisAuditQueue queue;
  private JedisPool pool;

  @BeforeAll
  static void startRedis() {
    redis = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @BeforeEach
  void setUp() {
    settings =
        RedisSettings.builder()
            .url(redis.url())
            .namespace("w" + Long.toHexString(System.nanoTime()))
            .build();
    keys = settings.keys();
    governance = new RecordingSink("governance");
    mlflow = new RecordingSink("mlflow");
    queue = new RedisAuditQueue(settings);
    pool = settings.newPool(4, Duration.ofSeconds(5));
  }

  @AfterEach
  void tearDown() {
    if (runtime != null) {
      runtime.close();
    }
    queue.close();
    pool.close();
  }

  private WorkerRuntime start(int threads, BackoffPolicy backoff, Duration grace) {
    WorkerConfig config =
        WorkerConfig.builder(settings)
            .threads(threads)
            .backoff(backoff)
            .heartbeat(HeartbeatSettings.defaults())
            .shutdownGrace(grace)
            .promotePeriod(Duration.ofMillis(50))
            .healthPort(-1)
            .build();
    runtime =
        new WorkerRuntime(
            config, List.<AuditSink>of(governance, mlflow), new WorkerMetrics(), Clock.systemUTC());
    runtime.start();
    return runtime;
  }

  private static BackoffPolicy fastRetries(int maxAttempts) {
    return new BackoffPolicy(Duration.ofMillis(20), 2, Duration.ofMillis(100), maxAttempts);
  }

  private List<AuditPayload> enqueue(int n) throws Exception {
    List<AuditPayload> sent = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      AuditPayload p = SamplePayloads.in003();
      queue.enqueue(p);
      sent.add(p);
    }
    return sent;
  }

  private void awaitDrained() {
    await()
        .atMost(30, TimeUnit.SECONDS)
        .untilAsserted(
            () -> {
              try (Jedis j = pool.getResource()) {
                assertThat(j.llen(keys.queueList())).isZero();
                assertThat(j.zcard(keys.retrySchedule())).isZero();
                assertThat(j.keys(keys.namespace() + ":inflight:*"))
                    .allSatisfy(k -> assertThat(j.llen(k)).isZero());
              }
            });
  }

  @Test
  void everyJobReachesEverySinkExactlyOnce() throws Exception {
    start(3, fastRetries(5), Duration.ofSeconds(5));
    List<AuditPayload> sent = enqueue(200);
    await()
        .atMost(30, TimeUnit.SECONDS)
        .until(() -> governance.totalWrites() == 200 && mlflow.totalWrites() == 200);
    awaitDrained();
    for (AuditPayload p : sent) {
      assertThat(governance.writes.get(p.auditId().toString())).hasValue(1);
      assertThat(mlflow.writes.get(p.auditId().toString())).hasValue(1);
    }
    try (Jedis j = pool.getResource()) {
      assertThat(j.get(keys.processed())).isEqualTo("200");
      assertThat(j.zcard(keys.done())).isEqualTo(200);
      assertThat(j.keys(keys.namespace() + ":state:*")).isEmpty();
    }
  }

  @Test
  void transientFailuresAreRetriedAndOnlyTheFailedSinkIsRedone() throws Exception {
    mlflow.transientFailuresPerId = 2;
    start(2, fastRetries(5), Duration.ofSeconds(5));
    AuditPayload p = enqueue(1).get(0);
    String id = p.auditId().toString();
    await().atMost(20, TimeUnit.SECONDS).until(() -> mlflow.writes.containsKey(id));
    awaitDrained();
    assertThat(mlflow.attempts.get(id)).hasValue(3);
    assertThat(governance.attempts.get(id)).hasValue(1);
    assertThat(new DeadLetterStore(pool, keys).count()).isZero();
  }

  @Test
  void aPermanentFailureIsDeadLetteredWithItsProgress() throws Exception {
    mlflow.permanentFailure = true;
    start(1, fastRetries(5), Duration.ofSeconds(5));
    String id = enqueue(1).get(0).auditId().toString();
    DeadLetterStore dead = new DeadLetterStore(pool, keys);
    await().atMost(20, TimeUnit.SECONDS).until(() -> dead.get(id).isPresent());
    DeadLetter d = dead.get(id).orElseThrow();
    assertThat(d.reason()).isEqualTo("sink-rejected");
    assertThat(d.sink()).isEqualTo("mlflow");
    assertThat(d.error()).contains("HTTP 400");
    assertThat(d.progress()).containsKey("governance.done");
    assertThat(d.attempts()).isEqualTo(1);
    assertThat(mlflow.attempts.get(id)).hasValue(1);

    mlflow.permanentFailure = false;
    assertThat(dead.requeue(id, "test", "b1")).isEqualTo(DeadLetterStore.RequeueResult.REQUEUED);
    await().atMost(20, TimeUnit.SECONDS).until(() -> mlflow.writes.containsKey(id));
    assertThat(governance.attempts.get(id)).hasValue(1);
  }

  @Test
  void exhaustedRetriesEndInTheDeadLetters() throws Exception {
    governance.transientFailuresPerId = 100;
    start(1, fastRetries(3), Duration.ofSeconds(5));
    String id = enqueue(1).get(0).auditId().toString();
    DeadLetterStore dead = new DeadLetterStore(pool, keys);
    await().atMost(20, TimeUnit.SECONDS).until(() -> dead.get(id).isPresent());
    DeadLetter d = dead.get(id).orElseThrow();
    assertThat(d.reason()).isEqualTo("retries-exhausted");
    assertThat(d.attempts()).isEqualTo(3);
    assertThat(d.firstFailureAt()).isBeforeOrEqualTo(d.lastFailureAt());
    assertThat(governance.attempts.get(id)).hasValue(3);
  }

  @Test
  void poisonJobsAreDeadLetteredWithTheirReasonAndTheWorkerStaysUp() throws Exception {
    start(1, fastRetries(3), Duration.ofSeconds(5));
    String notJson = "{this is not json";
    String evil = "{\"class\":\"java.lang.ProcessBuilder\",\"args\":[\"touch\",\"/tmp/pwned\"]}";
    String badPayload =
        JobEnvelope.toJobJson("{\"audit_id\":\"" + java.util.UUID.randomUUID() + "\"}");
    try (Jedis j = pool.getResource()) {
      j.rpush(keys.queueList(), notJson, evil, badPayload);
    }
    AuditPayload good = enqueue(1).get(0);
    await()
        .atMost(20, TimeUnit.SECONDS)
        .until(() -> governance.writes.containsKey(good.auditId().toString()));
    DeadLetterStore dead = new DeadLetterStore(pool, keys);
    await().atMost(10, TimeUnit.SECONDS).until(() -> dead.count() == 3);
    List<DeadLetter> all = dead.list(DeadLetterStore.Filter.all());
    assertThat(all)
        .extracting(DeadLetter::reason)
        .containsExactlyInAnyOrder("malformed-json", "unknown-class", "invalid-payload");
    assertThat(all).extracting(DeadLetter::job).contains(notJson, evil, badPayload);
    assertThat(all)
        .filteredOn(d -> d.reason().equals("invalid-payload"))
        .singleElement()
        .satisfies(d -> assertThat(d.error()).contains("user_id: is required"));
    assertThat(runtime.isReady()).isTrue();
  }

  @Test
  void shutdownPutsBackAJobThatDidNotFinishInTheGracePeriodExactlyOnce() throws Exception {
    governance.block = new CountDownLatch(1);
    start(1, fastRetries(3), Duration.ofMillis(300));
    String id = enqueue(1).get(0).auditId().toString();
    assertThat(governance.entered.await(10, TimeUnit.SECONDS)).isTrue();
    try (Jedis j = pool.getResource()) {
      String statusKey =
          j.smembers(keys.workers()).stream().map(keys::worker).findFirst().orElseThrow();
      assertThat(j.get(statusKey)).contains("run_at").contains(id);
    }

    runtime.close();
    runtime = null;
    governance.block.countDown();

    try (Jedis j = pool.getResource()) {
      List<String> queued = j.lrange(keys.queueList(), 0, -1);
      assertThat(queued).hasSize(1);
      assertThat(JobEnvelope.auditIdOf(queued.get(0))).hasValue(id);
      assertThat(j.smembers(keys.workers())).isEmpty();
      assertThat(j.keys(keys.namespace() + ":heartbeat:*")).isEmpty();
    }
    assertThat(new DeadLetterStore(pool, keys).count()).isZero();
  }

  @Test
  void workersCarryOnAfterARedisRestart() throws Exception {
    start(2, fastRetries(10), Duration.ofSeconds(5));
    enqueue(20);
    await().atMost(20, TimeUnit.SECONDS).until(() -> governance.totalWrites() == 20);
    redis.restart();
    await()
        .atMost(60, TimeUnit.SECONDS)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              enqueue(1);
              assertThat(governance.totalWrites()).isGreaterThan(20);
            });
    awaitDrained();
    await().atMost(30, TimeUnit.SECONDS).until(runtime::isReady);
  }
}
