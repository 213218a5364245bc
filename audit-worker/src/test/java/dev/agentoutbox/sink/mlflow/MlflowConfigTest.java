package dev.agentoutbox.sink.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MlflowConfigTest {

  @Test
  void defaultsFromEnv() {
    MlflowConfig c = MlflowConfig.fromEnv(Map.of("MLFLOW_TRACKING_URI", "http://mlflow:5000/"));
    assertThat(c.trackingUri()).isEqualTo(URI.create("http://mlflow:5000"));
    assertThat(c.experimentName())
        .isEqualTo(MlflowConfig.DEFAULT_EXPERIMENT)
        .isEqualTo("agent-outbox");
    assertThat(c.callDeadline()).isEqualTo(MlflowConfig.DEFAULT_CALL_DEADLINE);
    assertThat(c.hasToken()).isFalse();
  }

  @Test
  void everythingFromEnv() {
    MlflowConfig c =
        MlflowConfig.fromEnv(
            Map.of(
                "MLFLOW_TRACKING_URI", "https://mlflow.internal/prefix",
                "MLFLOW_TRACKING_TOKEN", "tok",
                "MLFLOW_EXPERIMENT", "governance",
                "MLFLOW_CALL_DEADLINE_MS", "2500"));
    assertThat(c.trackingUri()).isEqualTo(URI.create("https://mlflow.internal/prefix"));
    assertThat(c.token()).isEqualTo("tok");
    assertThat(c.experimentName()).isEqualTo("governance");
    assertThat(c.callDeadline()).isEqualTo(Duration.ofMillis(2500));
    assertThat(c.toString()).doesNotContain("=tok").contains("token=***");
  }

  @Test
  void failsFastNamingTheField() {
    assertThatThrownBy(() -> MlflowConfig.fromEnv(Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("MLFLOW_TRACKING_URI");
    assertThatThrownBy(() -> MlflowConfig.fromEnv(Map.of("MLFLOW_TRACKING_URI", "databricks")))
        .hasMessageContaining("trackingUri")
        .hasMessageContaining("http(s)");
    assertThatThrownBy(() -> MlflowConfig.fromEnv(Map.of("MLFLOW_TRACKING_URI", "file:///tmp/x")))
        .hasMessageContaining("trackingUri");
    assertThatThrownBy(
            () ->
                MlflowConfig.fromEnv(
                    Map.of("MLFLOW_TRACKING_URI", "http://h", "MLFLOW_CALL_DEADLINE_MS", "soon")))
        .hasMessageContaining("MLFLOW_CALL_DEADLINE_MS");
    assertThatThrownBy(
            () ->
                MlflowConfig.builder().trackingUri("http://h").callDeadline(Duration.ZERO).build())
        .hasMessageContaining("callDeadline");
    assertThatThrownBy(
            () -> MlflowConfig.builder().trackingUri("http://h").experimentName(" ").build())
        .hasMessageContaining("experimentName");
    assertThatThrownBy(
            () -> MlflowConfig.builder().trackingUri("http://h").basicAuth("u", null).build())
        .hasMessageContaining("username/password");
    assertThatThrownBy(() -> MlflowConfig.builder().trackingUri("http://u:p@h").build())
        .hasMessageContaining("credentials");
  }
}
