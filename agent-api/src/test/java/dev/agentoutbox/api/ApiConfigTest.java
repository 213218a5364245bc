package dev.agentoutbox.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiConfigTest {

  @Test
  void defaults() {
    ApiConfig c = ApiConfig.fromEnv(Map.of());

    assertThat(c.port()).isEqualTo(8080);
    assertThat(c.bindAddress()).isEqualTo("0.0.0.0");
    assertThat(c.httpThreads()).isEqualTo(ApiConfig.DEFAULT_HTTP_THREADS);
    assertThat(c.maxBodyBytes()).isEqualTo(256 * 1024);
    assertThat(c.shutdownGrace()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void readsEveryVariable() {
    ApiConfig c =
        ApiConfig.fromEnv(
            Map.of(
                "PORT", "9090",
                "API_BIND_ADDRESS", "127.0.0.1",
                "API_HTTP_THREADS", "8",
                "API_HTTP_QUEUE_CAPACITY", "64",
                "API_HTTP_BACKLOG", "0",
                "API_MAX_BODY_BYTES", "65536",
                "API_SHUTDOWN_GRACE_SECONDS", "2"));

    assertThat(c)
        .isEqualTo(new ApiConfig("127.0.0.1", 9090, 8, 64, 0, 65536, Duration.ofSeconds(2)));
  }

  @Test
  void badValuesFailFastNamingTheVariable() {
    assertThatThrownBy(() -> ApiConfig.fromEnv(Map.of("PORT", "http")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("PORT must be an integer, was 'http'");
    assertThatThrownBy(() -> ApiConfig.fromEnv(Map.of("PORT", "70000")))
        .hasMessage("PORT (port) must be in 0..65535, was 70000");
    assertThatThrownBy(() -> ApiConfig.fromEnv(Map.of("API_HTTP_THREADS", "0")))
        .hasMessageStartingWith("API_HTTP_THREADS (httpThreads) must be in 1..");
    assertThatThrownBy(() -> ApiConfig.fromEnv(Map.of("API_MAX_BODY_BYTES", "10")))
        .hasMessageStartingWith("API_MAX_BODY_BYTES (maxBodyBytes)");
    assertThatThrownBy(() -> ApiConfig.builder().bindAddress(" ").build())
        .hasMessageStartingWith("API_BIND_ADDRESS");
  }
}
