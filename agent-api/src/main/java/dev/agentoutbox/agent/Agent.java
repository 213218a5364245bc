package dev.agentoutbox.agent;

/** Answers a member question through phases 1-7 and builds its Phase 8 record. */
public interface Agent {

  /**
   * Answers one question. Thread-safe.
   *
   * @throws UnknownMemberException when phase 1 finds no such member
   */
  AgentResult answer(AgentRequest request) throws UnknownMemberException;
}
