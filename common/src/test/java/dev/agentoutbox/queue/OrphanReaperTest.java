package dev.agentoutbox.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentoutbox.testkit.RedisServer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
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

class OrphanReaperTest {
  private static RedisServer redis;
  private RedisSettings settings;
  private QueueKeys keys;
  private JedisPool pool;
  private OrphanReaper reaper;

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
    settings = RedisTestSupport.settings(redis);
    keys = settings.keys();
    pool = RedisTestSupport.pool(settings);
    reaper = new OrphanReaper(pool, keys);
  }

  @AfterEach
  void tearDown() {
    pool.close();
  }

  private void registerWorkerWithJob(String worker, String job) {
    try (Jedis j = pool.getResource()) {
      j.sadd(keys.workers(), worker);
      j.lpush(keys.inflight(worker), job);
    }
  }

  private Heartbeat heartbeat(ProcessIdentity id) {
    return new Heartbeat(pool, keys, id, HeartbeatSettings.defaults(), Clock.systemUTC(), 1);
  }

  @Test
  void jobOfAWorkerWithoutHeartbeatGoesBackToTheHeadOfTheQueue() {
    ProcessIdentity dead = new ProcessIdentity("host:1:dead");
    String worker = dead.workerName(0, 0);
    String job = JobEnvelope.toJobJson("{\"audit_id\":\"a-1\"}");
    registerWorkerWithJob(worker, job);
    try (Jedis j = pool.getResource()) {
      j.rpush(keys.queueList(), "other-job");
    }

    List<OrphanReaper.Recovered> moved = reaper.reapDead(false);

    assertThat(moved).extracting(OrphanReaper.Recovered::auditId).containsExactly("a-1");
    try (Jedis j = pool.getResource()) {
      assertThat(j.lrange(keys.queueList(), 0, -1)).containsExactly(job, "other-job");
      assertThat(j.exists(keys.inflight(worker))).isFalse();
      assertThat(j.sismember(keys.workers(), worker)).isFalse();
      assertThat(j.llen(keys.recovered())).isEqualTo(1);
    }
  }

  @Test
  void liveWorkersAreLeftAlone() {
    ProcessIdentity live = new ProcessIdentity("host:2:live");
    heartbeat(live).beat();
    String worker = live.workerName(0, 0);
    registerWorkerWithJob(worker, "job");

    assertThat(reaper.reapDead(true)).isEmpty();
    try (Jedis j = pool.getResource()) {
      assertThat(j.llen(keys.inflight(worker))).isEqualTo(1);
      assertThat(j.sismember(keys.workers(), worker)).isTrue();
    }
  }

  @Test
  void inflightListsOfUnregisteredWorkersAreFoundByTheScan() {
    String worker = new ProcessIdentity("host:3:gone").workerName(1, 4);
    try (Jedis j = pool.getResource()) {
      j.lpush(keys.inflight(worker), "job");
    }
    assertThat(reaper.reapDead(false)).isEmpty();
    assertThat(reaper.reapDead(true)).hasSize(1);
  }

  @Test
  void manyReapersAtOnceMoveEachJobExactlyOnce() throws Exception {
    for (int w = 0; w < 20; w++) {
      registerWorkerWithJob(new ProcessIdentity("host:9:dead" + w).workerName(0, 0), "job-" + w);
    }
    ExecutorService pool8 = Executors.newFixedThreadPool(8);
    List<Callable<Integer>> reapers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      reapers.add(() -> new OrphanReaper(pool, keys).reapDead(true).size());
    }
    int total = 0;
    for (Future<Integer> f : pool8.invokeAll(reapers)) {
      total += f.get();
    }
    pool8.shutdown();

    assertThat(total).isEqualTo(20);
    try (Jedis j = pool.getResource()) {
      assertThat(j.lrange(keys.queueList(), 0, -1)).hasSize(20).doesNotHaveDuplicates();
    }
  }

  @Test
  void releaseMovesTheJobOfALiveWorkerToo() {
    ProcessIdentity live = new ProcessIdentity("host:4:live");
    heartbeat(live).beat();
    String worker = live.workerName(2, 0);
    registerWorkerWithJob(worker, "job");

    assertThat(reaper.release(worker)).hasSize(1);
    assertThat(reaper.release(worker)).isEmpty();
    try (Jedis j = pool.getResource()) {
      assertThat(j.llen(keys.queueList())).isEqualTo(1);
    }
  }

  @Test
  void aWorkerWhoseHeartbeatExpiredIsReapedAndLearnsItOnItsNextBeat() throws Exception {
    ProcessIdentity id = new ProcessIdentity("host:5:paused");
    Heartbeat hb = heartbeat(id);
    assertThat(hb.beat()).isTrue();
    registerWorkerWithJob(id.workerName(0, 0), "job");
    try (Jedis j = pool.getResource()) {
      j.del(keys.heartbeat(id.id()));
    }

    assertThat(reaper.reapDead(false)).hasSize(1);
    assertThat(hb.beat()).isFalse();
    assertThat(hb.hasLapsed()).isTrue();
    try (Jedis j = pool.getResource()) {
      assertThat(j.exists(keys.heartbeat(id.id()))).isTrue();
    }
  }
}
