package dev.agentoutbox.api.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.agentoutbox.payload.AuditPayload;
import dev.agentoutbox.payload.SamplePayloads;
import dev.agentoutbox.queue.JobEnvelope;
import dev.agentoutbox.queue.RedisAuditQueue;
import dev.agentoutbox.queue.RedisSettings;
import dev.agentoutbox.spool.FileSpool;
import dev.agentoutbox.testkit.RedisServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

class OutboxHandOffTest {
  private static RedisServer redis;
  @TempDir Path spoolDir;

  @BeforeAll
  static void startRedis() {
    redis = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  private OutboxHandOff handOff(RedisSettings settings) throws Exception {
    return new OutboxHandOff(
        new RedisAuditQueue(settings, 4, Duration.ofMillis(200)),
        new FileSpool(spoolDir, 1 << 20),
        Clock.systemUTC(),
        Duration.ofMillis(50),
        List.of());
  }

  @Test
  void queuesWhileRedisIsUpSpoolsWhileItIsDownAndRelaysInOrder() throws Exception {
    RedisSettings settings =
        RedisSettings.builder().url(redis.url()).namespace("h" + System.nanoTime()).build();
    List<AuditPayload> sent = new ArrayList<>();
    try (OutboxHandOff h = handOff(settings)) {
      AuditPayload first = SamplePayloads.in003();
      sent.add(first);
      assertThat(h.submit(first).destination()).isEqualTo(HandOffDestination.QUEUED);
      assertThat(h.health().isUp()).isTrue();

      redis.kill();
      for (int i = 0; i < 20; i++) {
        AuditPayload p = SamplePayloads.in003();
        sent.add(p);
        assertThat(h.submit(p).destination()).isEqualTo(HandOffDestination.SPOOLED);
      }
      assertThat(h.health().status()).isEqualTo(HandOffHealth.Status.DEGRADED);
      assertThat(h.health().spoolDepth()).isEqualTo(20);

      redis.startAgain();
      await().atMost(20, TimeUnit.SECONDS).until(() -> h.health().isUp());
    }
    try (Jedis j = settings.newJedis()) {
      List<String> queued = j.lrange(settings.keys().queueList(), 0, -1);
      assertThat(queued.stream().map(q -> JobEnvelope.auditIdOf(q).orElseThrow()).toList())
          .containsExactlyElementsOf(sent.stream().map(p -> p.auditId().toString()).toList());
      assertThat(j.zcard(settings.keys().ledger())).isEqualTo(21);
    }
  }

  @Test
  void recordsSpooledBeforeARestartOfTheApiAreRelayedByTheNextOne() throws Exception {
    RedisSettings settings =
        RedisSettings.builder().url(redis.url()).namespace("r" + System.nanoTime()).build();
    redis.kill();
    AuditPayload p = SamplePayloads.in003();
    OutboxHandOff before = handOff(settings);
    assertThat(before.submit(p).destination()).isEqualTo(HandOffDestination.SPOOLED);
    before.close();
    redis.startAgain();
    try (OutboxHandOff after = handOff(settings)) {
      await().atMost(20, TimeUnit.SECONDS).until(() -> after.health().isUp());
    }
    try (Jedis j = settings.newJedis()) {
      assertThat(JobEnvelope.auditIdOf(j.lindex(settings.keys().queueList(), 0)))
          .hasValue(p.auditId().toString());
    }
  }
}
