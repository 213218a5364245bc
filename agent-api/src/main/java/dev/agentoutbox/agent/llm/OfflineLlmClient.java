package dev.agentoutbox.agent.llm;

import dev.agentoutbox.payload.LlmUsage;
import java.util.Objects;

/**
 * An {@link LlmClient} that never leaves the process: a {@link OfflineResponder} writes the
 * completion, {@link TokenEstimator} counts prompt and completion tokens and the {@link PriceTable}
 * prices them exactly. Same request, same completion, same cost.
 */
public final class OfflineLlmClient implements LlmClient {
  private final PriceTable prices;
  private final OfflineResponder responder;

  public OfflineLlmClient(PriceTable prices, OfflineResponder responder) {
    this.prices = Objects.requireNonNull(prices, "prices");
    this.responder = Objects.requireNonNull(responder, "responder");
  }

  @Override
  public LlmCompletion complete(LlmRequest request) {
    String text = responder.respond(request);
    long in = TokenEstimator.tokens(request.prompt());
    long out = TokenEstimator.tokens(text);
    return new LlmCompletion(
        text, new LlmUsage(request.model(), in, out, prices.cost(request.model(), in, out)));
  }
}
