package dev.agentoutbox.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

class RedisServerTest {

  @Test
  void servesCommandsOnItsOwnLoopbackPort() {
    try (RedisServer redis = RedisServer.start();
        Jedis jedis = new Jedis(redis.host(), redis.port())) {
      jedis.set("greeting", "hello");

      assertThat(jedis.get("greeting")).isEqualTo("hello");
      assertThat(redis.url()).isEqualTo("redis://127.0.0.1:" + redis.port());
      assertThat(jedis.configGet("appendonly")).containsExactly("appendonly", "yes");
      assertThat(jedis.configGet("appendfsync")).containsExactly("appendfsync", "everysec");
      assertThat(jedis.configGet("maxmemory-policy"))
          .containsExactly("maxmemory-policy", "noeviction");
      assertThat(jedis.configGet("save")).containsExactly("save", "");
    }
  }

  @Test
  void restartKeepsAofDataAndPort() {
    try (RedisServer redis = RedisServer.start()) {
      int port = redis.port();
      try (Jedis jedis = new Jedis(redis.host(), port)) {
        jedis.rpush("queue", "a", "b");
      }

      redis.restart();

      assertThat(redis.port()).isEqualTo(port);
      assertThat(redis.isRunning()).isTrue();
      try (Jedis jedis = new Jedis(redis.host(), port)) {
        assertThat(jedis.lrange("queue", 0, -1)).containsExactly("a", "b");
      }
    }
  }

  @Test
  void killLeavesItDownUntilStartedAgain() {
    RedisServer.Options alwaysFsync = RedisServer.Options.builder().appendFsync("always").build();
    try (RedisServer redis = RedisServer.start(alwaysFsync)) {
      try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
        jedis.set("acked", "1");
      }

      redis.kill();

      assertThat(redis.isRunning()).isFalse();
      assertThatThrownBy(() -> new Jedis(redis.host(), redis.port()).ping())
          .isInstanceOf(JedisConnectionException.class);

      redis.startAgain();

      try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
        assertThat(jedis.get("acked")).isEqualTo("1");
      }
      assertThatThrownBy(redis::startAgain).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void stopThenStartAgainKeepsData() {
    try (RedisServer redis = RedisServer.start()) {
      try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
        jedis.hset("state", "mlflow.run_id", "r1");
      }

      redis.stop();
      assertThat(redis.isRunning()).isFalse();
      redis.startAgain();

      try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
        assertThat(jedis.hget("state", "mlflow.run_id")).isEqualTo("r1");
      }
    }
  }

  @Test
  void runsTheEmbeddedBinaryWhenNoneIsInstalled() throws Exception {
    Path embedded = RedisBinary.extractEmbedded();
    assertThat(embedded).startsWith(RedisBinary.CACHE_DIR);
    assertThat(Files.isExecutable(embedded)).isTrue();

    RedisServer.Options options = RedisServer.Options.builder().binary(embedded).build();
    try (RedisServer redis = RedisServer.start(options);
        Jedis jedis = new Jedis(redis.host(), redis.port())) {
      jedis.set("k", "v");
      redis.restart();
      try (Jedis again = new Jedis(redis.host(), redis.port())) {
        assertThat(again.get("k")).isEqualTo("v");
        assertThat(again.info("server")).contains("redis_version:6.2.");
      }
    }
  }

  @Test
  void closeDeletesTheTemporaryDataDirectory() throws Exception {
    RedisServer redis = RedisServer.start();
    Path pids;
    try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
      Path dir = Path.of(jedis.configGet("dir").get(1));
      pids = dir.resolve("pids");
      assertThat(dir).startsWith(WorkDirs.ROOT);
      assertThat(pids).exists();
    }
    long pid = Long.parseLong(Files.readString(pids).trim().split(" ")[0]);

    redis.close();

    assertThat(pids.getParent()).doesNotExist();
    ProcessHandle.of(pid).ifPresent(h -> h.onExit().orTimeout(10, TimeUnit.SECONDS).join());
    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
  }

  @Test
  void startupFailureQuotesTheServerLog() {
    RedisServer.Options bad =
        RedisServer.Options.builder().extraArgs(List.of("--no-such-directive", "1")).build();

    assertThatThrownBy(() -> RedisServer.start(bad))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exited during startup")
        .hasMessageContaining("no-such-directive");
  }

  @Test
  void rejectsBadOptionsNamingTheField() {
    assertThatThrownBy(() -> RedisServer.Options.builder().appendFsync("sometimes").build())
        .hasMessageContaining("appendFsync");
    assertThatThrownBy(() -> RedisServer.Options.builder().port(70_000).build())
        .hasMessageContaining("port");
  }
}
