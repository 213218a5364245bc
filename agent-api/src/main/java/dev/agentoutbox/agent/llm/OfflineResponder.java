package dev.agentoutbox.agent.llm;

/** Answers a prompt deterministically without a model, from the prompt's variables. */
@FunctionalInterface
public interface OfflineResponder {
  String respond(LlmRequest request);
}
