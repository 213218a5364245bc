package dev.agentoutbox.agent;

import dev.agentoutbox.agent.classify.Intent;
import dev.agentoutbox.payload.AuditPayload;
import dev.agentoutbox.payload.Phase;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The answer to one question and its Phase 8 record.
 *
 * @param answer the restored answer for the member (holds PII: never log or audit it)
 * @param intent the classified intent
 * @param payload the audit record (anonymized)
 */
public record AgentResult(String answer, Intent intent, AuditPayload payload) {
  public AgentResult {
    Objects.requireNonNull(answer, "answer");
    Objects.requireNonNull(intent, "intent");
    Objects.requireNonNull(payload, "payload");
  }

  public UUID auditId() {
    return payload.auditId();
  }

  public String sessionId() {
    return payload.sessionId();
  }

  public Map<Phase, Long> phaseDurationsMs() {
    return payload.phaseDurationsMs();
  }

  public BigDecimal costUsd() {
    return payload.totalCostUsd();
  }
}
