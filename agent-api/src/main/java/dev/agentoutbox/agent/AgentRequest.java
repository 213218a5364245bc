package dev.agentoutbox.agent;

import java.util.Objects;
import java.util.Optional;

/**
 * One member question.
 *
 * @param userId member id
 * @param country ISO 3166-1 alpha-2 code
 * @param query the question as typed (may hold PII)
 * @param sessionId the caller's session, or empty to start a new one
 */
public record AgentRequest(
    String userId, String country, String query, Optional<String> sessionId) {
  public AgentRequest {
    Objects.requireNonNull(userId, "user_id");
    Objects.requireNonNull(country, "country");
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(sessionId, "session_id");
  }

  public static AgentRequest of(String userId, String country, String query) {
    return new AgentRequest(userId, country, query, Optional.empty());
  }
}
