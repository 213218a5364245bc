package dev.agentoutbox.payload;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** Payloads for tests. */
public final class SamplePayloads {
  private SamplePayloads() {}

  public static AuditPayload in003() {
    return in003(UUID.randomUUID());
  }

  public static AuditPayload in003(UUID auditId) {
    AuditPayload.Builder b =
        AuditPayload.builder()
            .auditId(auditId)
            .sessionId("sess-" + auditId.toString().substring(0, 8))
            .userId("IN003")
            .country("IN")
            .queryAnonymized("What is my EPS pension benefit?")
            .responseSummary("EPS monthly pension for <PERSON_1>: INR 7,500")
            .llmPhase(
                LlmPhase.CLASSIFICATION,
                new LlmUsage("offline-small", 120, 8, new BigDecimal("0.000018")))
            .llmPhase(
                LlmPhase.SYNTHESIS,
                new LlmUsage("offline-large", 900, 210, new BigDecimal("0.004350")))
            .llmPhase(
                LlmPhase.VALIDATION,
                new LlmUsage("offline-small", 400, 30, new BigDecimal("0.000078")))
            .startedAt(Instant.parse("2026-12-04T10:00:00.000Z"))
            .completedAt(Instant.parse("2026-12-04T10:00:01.250Z"));
    long ms = 10;
    for (Phase p : Phase.values()) {
      b.phaseDuration(p, ms++);
    }
    return b.build();
  }
}
