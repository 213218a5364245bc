package dev.agentoutbox.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentoutbox.testkit.RedisServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;

class HeartbeatTest {
  private static RedisServer redis;

  @BeforeAll
  static void startRedis() {
    redis = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  /** A clock the test moves by hand. */
  static final class ManualClock extends Clock {
    private Instant now = Instant.parse("2026-12-04T10:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void staleOnlyOnceTheTtlPassedWithoutABeat() {
    RedisSettings settings = RedisTestSupport.settings(redis);
    try (JedisPool pool = RedisTestSupport.pool(settings)) {
      ManualClock clock = new ManualClock();
      HeartbeatSettings timing =
          new HeartbeatSettings(
              Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(2));
      Heartbeat hb =
          new Heartbeat(pool, settings.keys(), ProcessIdentity.generate(), timing, clock, 2);
      hb.beat();
      clock.advance(Duration.ofSeconds(9));
      assertThat(hb.isStale()).isFalse();
      clock.advance(Duration.ofSeconds(1));
      assertThat(hb.isStale()).isTrue();
      hb.beat();
      assertThat(hb.isStale()).isFalse();
      assertThat(hb.sinceLastBeat()).isZero();
    }
  }

  @Test
  void keyCarriesTheTtlAndIsRemovedOnShutdown() {
    RedisSettings settings = RedisTestSupport.settings(redis);
    try (JedisPool pool = RedisTestSupport.pool(settings)) {
      ProcessIdentity id = ProcessIdentity.generate();
      Heartbeat hb =
          new Heartbeat(
              pool, settings.keys(), id, HeartbeatSettings.defaults(), Clock.systemUTC(), 1);
      hb.beat();
      try (Jedis j = pool.getResource()) {
        assertThat(j.pttl(settings.keys().heartbeat(id.id())))
            .isBetween(1L, HeartbeatSettings.DEFAULT_TTL.toMillis());
      }
      hb.remove();
      try (Jedis j = pool.getResource()) {
        assertThat(j.exists(settings.keys().heartbeat(id.id()))).isFalse();
      }
    }
  }

  @Test
  void settingsRejectAPeriodThatCouldExpireALiveWorker() {
    assertThatThrownBy(
            () ->
                new HeartbeatSettings(
                    Duration.ofSeconds(4), Duration.ofSeconds(3), Duration.ofSeconds(1)))
        .hasMessageContaining("heartbeat.period");
    assertThat(HeartbeatSettings.defaults().worstCaseRecovery())
        .isLessThanOrEqualTo(Duration.ofSeconds(15));
  }

  @Test
  void workerNamesMapBackToTheirProcess() {
    ProcessIdentity id = new ProcessIdentity("web-1:1:abcd");
    assertThat(ProcessIdentity.processOf(id.workerName(3, 7))).isEqualTo("web-1:1:abcd");
    assertThat(ProcessIdentity.generate()).isNotEqualTo(ProcessIdentity.generate());
  }
}
