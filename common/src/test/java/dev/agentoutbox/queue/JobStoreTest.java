package dev.agentoutbox.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentoutbox.testkit.RedisServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;

class JobStoreTest {
  private static RedisServer redis;
  private QueueKeys keys;
  private JedisPool pool;
  private JobStore store;
  private static final String WORKER = "host:1:abc#0-0";

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
    RedisSettings settings = RedisTestSupport.settings(redis);
    keys = settings.keys();
    pool = RedisTestSupport.pool(settings);
    store = new JobStore(keys);
  }

  @AfterEach
  void tearDown() {
    pool.close();
  }

  private String inflightJob(String auditId) {
    String job = JobEnvelope.toJobJson("{\"audit_id\":\"" + auditId + "\"}");
    try (Jedis j = pool.getResource()) {
      j.lpush(keys.inflight(WORKER), job);
    }
    return job;
  }

  @Test
  void ackRemovesTheJobAndItsStateAndRecordsLag() {
    String job = inflightJob("a1");
    try (Jedis j = pool.getResource()) {
      j.zadd(keys.ledger(), System.currentTimeMillis() - 50, "a1");
      store.putState(j, "a1", "governance.done", "x");
      assertThat(store.ack(j, WORKER, job, "a1")).isTrue();
      assertThat(j.llen(keys.inflight(WORKER))).isZero();
      assertThat(j.exists(keys.state("a1"))).isFalse();
      assertThat(j.get(keys.processed())).isEqualTo("1");
      assertThat(j.llen(keys.lag())).isEqualTo(1);
      assertThat(j.zscore(keys.done(), "a1")).isNotNull();
    }
  }

  @Test
  void retryIsScheduledOnTheRedisClockAndPromotedWhenDue() {
    String soon = inflightJob("soon");
    String later = inflightJob("later");
    try (Jedis j = pool.getResource()) {
      long dueSoon =
          store
              .scheduleRetry(j, WORKER, soon, "soon", Duration.ZERO, 1, "boom", Map.of())
              .getAsLong();
      store.scheduleRetry(j, WORKER, later, "later", Duration.ofHours(1), 3, "boom", Map.of());
      assertThat(dueSoon)
          .isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(5_000L));
      Map<String, String> state = store.loadState(j, "later");
      assertThat(state).containsEntry("attempts", "3").containsEntry("last_error", "boom");
      assertThat(state).containsKeys("first_failure_at", "next_attempt_at");
      assertThat(j.llen(keys.inflight(WORKER))).isZero();
    }
    assertThat(new RetryPromoter(pool, keys).promoteDue()).isEqualTo(1);
    try (Jedis j = pool.getResource()) {
      assertThat(j.lrange(keys.queueList(), 0, -1)).containsExactly(soon);
      assertThat(j.zcard(keys.retrySchedule())).isEqualTo(1);
      assertThat(j.hget(keys.retryJobs(), "later")).isEqualTo(later);
    }
  }

  @Test
  void aJobThisWorkerNoLongerOwnsIsNeitherRetriedNorDeadLettered() {
    String job = JobEnvelope.toJobJson("{\"audit_id\":\"gone\"}");
    try (Jedis j = pool.getResource()) {
      assertThat(store.scheduleRetry(j, WORKER, job, "gone", Duration.ZERO, 1, "x", Map.of()))
          .isEmpty();
      DeadLetter d = letter("gone", job);
      assertThat(store.deadLetter(j, WORKER, job, d, true)).isFalse();
      assertThat(j.zcard(keys.retrySchedule())).isZero();
      assertThat(j.hlen(keys.deadLetters())).isZero();
    }
  }

  private static DeadLetter letter(String id, String job) {
    return new DeadLetter(
        id,
        id,
        "sink-rejected",
        "governance",
        "bad",
        1,
        Map.of("mlflow.done", "t"),
        Instant.now(),
        Instant.now(),
        WORKER,
        job);
  }

  @Test
  void deadLettersAreStoredAsPlainJsonAndRequeuedExactlyOnceUnderRaces() throws Exception {
    String job = inflightJob("d1");
    try (Jedis j = pool.getResource()) {
      assertThat(store.deadLetter(j, WORKER, job, letter("d1", job), true)).isTrue();
    }
    DeadLetterStore dead = new DeadLetterStore(pool, keys);
    assertThat(dead.count()).isEqualTo(1);
    DeadLetter stored = dead.get("d1").orElseThrow();
    assertThat(stored.reason()).isEqualTo("sink-rejected");
    assertThat(stored.progress()).containsEntry("mlflow.done", "t");
    assertThat(dead.list(new DeadLetterStore.Filter("sink-rejected", "governance", null, null, 10)))
        .hasSize(1);
    assertThat(dead.list(new DeadLetterStore.Filter("retries-exhausted", null, null, null, 10)))
        .isEmpty();

    ExecutorService ex = Executors.newFixedThreadPool(8);
    List<Future<DeadLetterStore.RequeueResult>> results = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      results.add(ex.submit(() -> dead.requeue("d1", "op", "batch")));
    }
    int requeued = 0;
    for (Future<DeadLetterStore.RequeueResult> f : results) {
      if (f.get() == DeadLetterStore.RequeueResult.REQUEUED) {
        requeued++;
      }
    }
    ex.shutdown();
    assertThat(requeued).isEqualTo(1);
    try (Jedis j = pool.getResource()) {
      assertThat(j.lrange(keys.queueList(), 0, -1)).containsExactly(job);
      assertThat(store.loadState(j, "d1"))
          .containsEntry("attempts", "0")
          .containsEntry("mlflow.done", "t");
    }
    assertThat(dead.count()).isZero();
    assertThat(dead.history(10)).hasSize(1);
  }

  @Test
  void malformedJobsCanBeDeadLetteredWithoutOwnershipAndAreNotRequeueable() {
    String raw = "{not json";
    try (Jedis j = pool.getResource()) {
      String id = JobEnvelope.deadLetterId(raw);
      assertThat(id).startsWith("raw:");
      DeadLetter d =
          new DeadLetter(
              id,
              null,
              DeadReason.MALFORMED_JSON.code(),
              null,
              "bad",
              1,
              Map.of(),
              Instant.now(),
              Instant.now(),
              WORKER,
              raw);
      assertThat(store.deadLetter(j, WORKER, raw, d, false)).isTrue();
      DeadLetterStore dead = new DeadLetterStore(pool, keys);
      assertThat(dead.get(id).orElseThrow().job()).isEqualTo(raw);
      assertThat(dead.requeue(id, "op", "b"))
          .isEqualTo(DeadLetterStore.RequeueResult.NOT_REQUEUABLE);
      assertThat(dead.purge(id, "op", "b")).isTrue();
      assertThat(dead.purge(id, "op", "b")).isFalse();
    }
  }
}
