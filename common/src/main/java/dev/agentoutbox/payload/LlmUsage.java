package dev.agentoutbox.payload;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What one LLM phase consumed.
 *
 * @param model the model that answered
 * @param inputTokens prompt tokens
 * @param outputTokens completion tokens
 * @param costUsd the priced cost in US dollars (exact decimal)
 */
public record LlmUsage(String model, long inputTokens, long outputTokens, BigDecimal costUsd) {
  public LlmUsage {
    Objects.requireNonNull(model, "model");
    costUsd = canonical(Objects.requireNonNull(costUsd, "costUsd"));
  }

  /** Costs compare by value: trailing zeros are dropped (0.004350 and 0.00435 are one cost). */
  static BigDecimal canonical(BigDecimal v) {
    BigDecimal s = v.stripTrailingZeros();
    return s.scale() < 0 ? s.setScale(0) : s;
  }
}
