package dev.agentoutbox.agent.llm;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Model prices; costs are exact decimals ({@code tokens * price / 1000}, no rounding). */
public final class PriceTable {
  public static final String GPT_4O_MINI = "gpt-4o-mini";
  public static final String GPT_4O = "gpt-4o";

  private final Map<String, ModelPrice> prices;

  private PriceTable(Map<String, ModelPrice> prices) {
    this.prices = Map.copyOf(prices);
  }

  /** List prices of the default models (USD per 1K tokens). */
  public static PriceTable defaults() {
    return builder()
        .price(GPT_4O_MINI, new BigDecimal("0.00015"), new BigDecimal("0.0006"))
        .price(GPT_4O, new BigDecimal("0.0025"), new BigDecimal("0.01"))
        .build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public boolean knows(String model) {
    return prices.containsKey(model);
  }

  public ModelPrice price(String model) {
    ModelPrice p = prices.get(model);
    if (p == null) {
      throw new IllegalArgumentException("no price for model '" + model + "'");
    }
    return p;
  }

  /** The exact cost in USD of one call. */
  public BigDecimal cost(String model, long inputTokens, long outputTokens) {
    ModelPrice p = price(model);
    return BigDecimal.valueOf(inputTokens)
        .multiply(p.inputPer1k())
        .add(BigDecimal.valueOf(outputTokens).multiply(p.outputPer1k()))
        .movePointLeft(3);
  }

  /** Builder; later prices for the same model replace earlier ones. */
  public static final class Builder {
    private final Map<String, ModelPrice> prices = new LinkedHashMap<>();

    private Builder() {}

    public Builder price(String model, BigDecimal inputPer1k, BigDecimal outputPer1k) {
      Objects.requireNonNull(model, "model");
      if (model.isBlank()) {
        throw new IllegalArgumentException("model must not be blank");
      }
      prices.put(model, new ModelPrice(inputPer1k, outputPer1k));
      return this;
    }

    public PriceTable build() {
      return new PriceTable(prices);
    }
  }
}
