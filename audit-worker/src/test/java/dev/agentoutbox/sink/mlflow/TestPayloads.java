package dev.agentoutbox.sink.mlflow;

import dev.agentoutbox.payload.AuditPayload;
import dev.agentoutbox.payload.LlmPhase;
import dev.agentoutbox.payload.LlmUsage;
import dev.agentoutbox.payload.Phase;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

final class TestPayloads {
  static final Instant STARTED = Instant.parse("2026-12-04T10:15:30.125Z");

  private TestPayloads() {}

  static AuditPayload payload(UUID auditId) {
    return payload(auditId, STARTED, "gpt-4o-mini");
  }

  static AuditPayload payload(UUID auditId, Instant startedAt, String classificationModel) {
    AuditPayload.Builder b =
        AuditPayload.builder()
            .auditId(auditId)
            .sessionId("session-" + auditId.toString().substring(0, 8))
            .userId("IN003")
            .country("IN")
            .queryAnonymized("what is the balance of account <ACCOUNT_1>?")
            .responseSummary("balance explained")
            .llmPhase(
                LlmPhase.CLASSIFICATION,
                new LlmUsage(classificationModel, 812, 17, new BigDecimal("0.000133")))
            .llmPhase(
                LlmPhase.SYNTHESIS, new LlmUsage("gpt-4o", 2310, 402, new BigDecimal("0.0098")))
            .llmPhase(
                LlmPhase.VALIDATION,
                new LlmUsage("gpt-4o-mini", 640, 9, new BigDecimal("0.0001017")))
            .startedAt(startedAt)
            .completedAt(startedAt.plusMillis(28_765));
    long ms = 100;
    for (Phase p : Phase.values()) {
      b.phaseDuration(p, ms);
      ms += 1_111;
    }
    return b.build();
  }
}
