package dev.agentoutbox.agent.llm;

import dev.agentoutbox.payload.LlmPhase;
import java.util.Map;
import java.util.Objects;

/**
 * One prompt for one LLM phase.
 *
 * @param phase the agent phase making the call (decides the model and the cost line)
 * @param model the model to ask
 * @param prompt the rendered prompt, as a remote model would receive it (anonymized text only)
 * @param variables the values the prompt was rendered from; an offline responder answers from these
 *     instead of parsing the prompt
 */
public record LlmRequest(
    LlmPhase phase, String model, String prompt, Map<String, String> variables) {
  public LlmRequest {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(prompt, "prompt");
    variables = Map.copyOf(variables);
  }

  /** A variable the prompt was rendered from; fails when absent. */
  public String variable(String name) {
    String v = variables.get(name);
    if (v == null) {
      throw new IllegalArgumentException("prompt variable '" + name + "' missing for " + phase);
    }
    return v;
  }
}
