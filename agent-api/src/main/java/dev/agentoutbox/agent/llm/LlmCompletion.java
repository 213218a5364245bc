package dev.agentoutbox.agent.llm;

import dev.agentoutbox.payload.LlmUsage;
import java.util.Objects;

/**
 * A model's answer and what it cost.
 *
 * @param text the completion
 * @param usage model, tokens and priced cost
 */
public record LlmCompletion(String text, LlmUsage usage) {
  public LlmCompletion {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(usage, "usage");
  }
}
