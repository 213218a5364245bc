package dev.agentoutbox.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentoutbox.payload.AuditPayload;
import dev.agentoutbox.payload.PayloadCodec;
import dev.agentoutbox.payload.SamplePayloads;
import dev.agentoutbox.testkit.RedisServer;
import java.time.Duration;
import net.greghaines.jesque.Job;
import net.greghaines.jesque.json.ObjectMapperFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

class RedisAuditQueueTest {
  private static RedisServer redis;

  @BeforeAll
  static void startRedis() {
    redis = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @Test
  void enqueuePushesAJesqueJobAndRecordsTheLedger() throws Exception {
    RedisSettings settings = RedisTestSupport.settings(redis);
    AuditPayload payload = SamplePayloads.in003();
    try (RedisAuditQueue queue = new RedisAuditQueue(settings);
        Jedis j = settings.newJedis()) {
      queue.enqueue(payload);
      QueueKeys keys = settings.keys();
      assertThat(j.smembers(keys.queues())).containsExactly("phase8");
      String raw = j.lindex(keys.queueList(), 0);
      Job job = ObjectMapperFactory.get().readValue(raw, Job.class);
      assertThat(job.getClassName()).isEqualTo("Phase8Job");
      assertThat(PayloadCodec.parse((String) job.getArgs()[0])).isEqualTo(payload);
      assertThat(j.zscore(keys.ledger(), payload.auditId().toString())).isNotNull();
      assertThat(RedisServerCheck.problems(j)).isEmpty();
    }
  }

  @Test
  void unreachableRedisIsReportedQuickly() {
    RedisSettings settings =
        RedisSettings.builder()
            .url("redis://127.0.0.1:" + dev.agentoutbox.testkit.FreePort.find())
            .connectTimeout(Duration.ofMillis(200))
            .build();
    try (RedisAuditQueue queue = new RedisAuditQueue(settings, 2, Duration.ofMillis(200))) {
      assertThatThrownBy(() -> queue.enqueue(SamplePayloads.in003()))
          .isInstanceOf(QueueUnavailableException.class)
          .hasMessageContaining("did not accept audit");
    }
  }

  @Test
  void settingsValidateTheUrl() {
    assertThatThrownBy(() -> RedisSettings.builder().url("http://x").build())
        .hasMessageContaining("REDIS_URL");
    RedisSettings s = RedisSettings.builder().url("rediss://:secret@cache:6380/2").build();
    assertThat(s.tls()).isTrue();
    assertThat(s.password()).isEqualTo("secret");
    assertThat(s.database()).isEqualTo(2);
    assertThat(s.port()).isEqualTo(6380);
    assertThat(s.redactedUrl()).doesNotContain("secret");
  }
}
