package dev.agentoutbox.agent.llm;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What a model charges, in US dollars per 1,000 tokens.
 *
 * @param inputPer1k price of 1,000 prompt tokens
 * @param outputPer1k price of 1,000 completion tokens
 */
public record ModelPrice(BigDecimal inputPer1k, BigDecimal outputPer1k) {
  /**
   * Prices keep at most this many decimals, so a cost ({@code tokens * price / 1000}) has at most
   * 12, the most a Phase 8 payload accepts.
   */
  public static final int MAX_PRICE_SCALE = 9;

  public ModelPrice {
    check("inputPer1k", inputPer1k);
    check("outputPer1k", outputPer1k);
  }

  private static void check(String field, BigDecimal v) {
    Objects.requireNonNull(v, field);
    if (v.signum() < 0) {
      throw new IllegalArgumentException(field + " must be >= 0, was " + v.toPlainString());
    }
    if (v.stripTrailingZeros().scale() > MAX_PRICE_SCALE) {
      throw new IllegalArgumentException(
          field + " has more than " + MAX_PRICE_SCALE + " decimals: " + v.toPlainString());
    }
  }
}
