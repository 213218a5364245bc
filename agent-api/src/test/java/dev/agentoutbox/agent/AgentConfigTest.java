package dev.agentoutbox.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentoutbox.payload.LlmPhase;
import dev.agentoutbox.payload.Phase;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentConfigTest {

  @Test
  void defaultsHaveNoLatencyAndTheDefaultModels() {
    AgentConfig c = AgentConfig.fromEnv(Map.of());

    assertThat(c.simulatedLatency().values()).containsOnly(Duration.ZERO);
    assertThat(c.model(LlmPhase.CLASSIFICATION)).isEqualTo("gpt-4o-mini");
    assertThat(c.model(LlmPhase.SYNTHESIS)).isEqualTo("gpt-4o");
    assertThat(c.model(LlmPhase.VALIDATION)).isEqualTo("gpt-4o-mini");
  }

  @Test
  void perPhaseLatencyOverridesTheCommonOne() {
    AgentConfig c =
        AgentConfig.fromEnv(
            Map.of(
                "AGENT_SIMULATED_LATENCY_MS", "100",
                "AGENT_SIMULATED_LATENCY_MS_SYNTHESIS", "2500",
                "AGENT_MODEL_VALIDATION", "gpt-4o"));

    assertThat(c.latency(Phase.RETRIEVAL)).isEqualTo(Duration.ofMillis(100));
    assertThat(c.latency(Phase.SYNTHESIS)).isEqualTo(Duration.ofMillis(2500));
    assertThat(c.model(LlmPhase.VALIDATION)).isEqualTo("gpt-4o");
  }

  @Test
  void badValuesNameTheVariable() {
    assertThatThrownBy(() -> AgentConfig.fromEnv(Map.of("AGENT_SIMULATED_LATENCY_MS", "fast")))
        .hasMessageStartingWith("AGENT_SIMULATED_LATENCY_MS: must be an integer");
    assertThatThrownBy(
            () -> AgentConfig.fromEnv(Map.of("AGENT_SIMULATED_LATENCY_MS_EXECUTION", "-1")))
        .hasMessageStartingWith("AGENT_SIMULATED_LATENCY_MS_EXECUTION:");
  }
}
