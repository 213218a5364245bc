package dev.agentoutbox.agent.llm;

/** A model call failed. */
public class LlmException extends RuntimeException {
  public LlmException(String message, Throwable cause) {
    super(message, cause);
  }

  public LlmException(String message) {
    super(message);
  }
}
