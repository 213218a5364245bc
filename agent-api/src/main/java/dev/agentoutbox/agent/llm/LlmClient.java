package dev.agentoutbox.agent.llm;

/**
 * The agent's only way to call a language model. Classification, synthesis and validation go
 * through it, so every call is metered: the returned usage carries the model, the token counts and
 * the exact priced cost that end up in the Phase 8 record.
 */
public interface LlmClient {

  /**
   * Completes one prompt.
   *
   * @throws LlmException when the model cannot answer
   */
  LlmCompletion complete(LlmRequest request);
}
