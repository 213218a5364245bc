package dev.agentoutbox.sink.governance;

import dev.agentoutbox.payload.AuditError;
import dev.agentoutbox.payload.AuditPayload;
import dev.agentoutbox.payload.LlmPhase;
import dev.agentoutbox.payload.LlmUsage;
import dev.agentoutbox.payload.Phase;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** Payloads for the governance tests. */
final class GovernanceFixtures {
  static final BigDecimal CLASSIFICATION_COST = new BigDecimal("0.000123");
  static final BigDecimal SYNTHESIS_COST = new BigDecimal("0.0215");
  static final BigDecimal VALIDATION_COST = new BigDecimal("0.00047");
  static final BigDecimal TOTAL_COST = new BigDecimal("0.022093");
  static final long TOTAL_DURATION_MS = 27_345;
  static final Instant COMPLETED_AT = Instant.parse("2026-03-14T09:26:53.123456789Z");

  private GovernanceFixtures() {}

  static AuditPayload payload(UUID auditId, String userId, Instant completedAt) {
    AuditPayload.Builder b =
        AuditPayload.builder()
            .auditId(auditId)
            .sessionId("session-" + auditId.toString().substring(0, 8))
            .userId(userId)
            .country("IN")
            .queryAnonymized("What is the balance of <ACCOUNT_1> for <PERSON_1>?")
            .responseSummary("Explained the balance of <ACCOUNT_1>.")
            .llmPhase(
                LlmPhase.CLASSIFICATION, new LlmUsage("gpt-4o-mini", 120, 8, CLASSIFICATION_COST))
            .llmPhase(LlmPhase.SYNTHESIS, new LlmUsage("gpt-4o", 2_000, 350, SYNTHESIS_COST))
            .llmPhase(LlmPhase.VALIDATION, new LlmUsage("gpt-4o-mini", 900, 20, VALIDATION_COST))
            .error(new AuditError("retrieval", "vector index timed out; used the cache"))
            .startedAt(completedAt.minusMillis(TOTAL_DURATION_MS))
            .completedAt(completedAt);
    for (Phase phase : Phase.values()) {
      b.phaseDuration(phase, 1_000 + phase.ordinal());
    }
    return b.build();
  }

  static AuditPayload payload() {
    return payload(UUID.randomUUID(), "IN003", COMPLETED_AT);
  }

  static AuditPayload withSummary(AuditPayload p, String summary) {
    AuditPayload.Builder b =
        AuditPayload.builder()
            .auditId(p.auditId())
            .sessionId(p.sessionId())
            .userId(p.userId())
            .country(p.country())
            .queryAnonymized(p.queryAnonymized())
            .responseSummary(summary)
            .startedAt(p.startedAt())
            .completedAt(p.completedAt());
    p.phaseDurationsMs().forEach(b::phaseDuration);
    p.llmPhases().forEach(b::llmPhase);
    p.errors().forEach(b::error);
    return b.build();
  }
}
