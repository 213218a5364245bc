package dev.agentoutbox.agent.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentoutbox.payload.LlmPhase;
import dev.agentoutbox.payload.LlmUsage;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PriceTableTest {

  @Test
  void costIsExact() {
    PriceTable prices = PriceTable.defaults();

    assertThat(prices.cost("gpt-4o", 141, 88)).isEqualTo(new BigDecimal("0.0012325"));
    assertThat(prices.cost("gpt-4o-mini", 1, 0)).isEqualTo(new BigDecimal("0.00000015"));
    assertThat(prices.cost("gpt-4o-mini", 0, 0)).isEqualByComparingTo("0");
  }

  @Test
  void refusesPricesTooPreciseForAPayloadAndUnknownModels() {
    assertThatThrownBy(
            () ->
                PriceTable.builder()
                    .price("m", new BigDecimal("0.0000000001"), BigDecimal.ONE)
                    .build())
        .hasMessageContaining("inputPer1k");
    assertThatThrownBy(() -> PriceTable.defaults().cost("nope", 1, 1))
        .hasMessageContaining("'nope'");
  }

  @Test
  void offlineClientCountsTokensFromTextLength() {
    OfflineLlmClient client = new OfflineLlmClient(PriceTable.defaults(), req -> "PASS");

    LlmCompletion c =
        client.complete(
            new LlmRequest(LlmPhase.VALIDATION, "gpt-4o-mini", "x".repeat(9), Map.of()));

    assertThat(c.text()).isEqualTo("PASS");
    assertThat(c.usage())
        .isEqualTo(new LlmUsage("gpt-4o-mini", 3, 1, new BigDecimal("0.00000105")));
  }

  @Test
  void tokenEstimateRoundsUp() {
    assertThat(TokenEstimator.tokens("")).isZero();
    assertThat(TokenEstimator.tokens("abcd")).isEqualTo(1);
    assertThat(TokenEstimator.tokens("abcde")).isEqualTo(2);
  }
}
