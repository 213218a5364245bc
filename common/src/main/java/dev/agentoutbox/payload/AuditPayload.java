package dev.agentoutbox.payload;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The Phase 8 audit record of one answered query, version {@value #SCHEMA_VERSION}.
 *
 * <p>The {@code auditId} is the idempotency key of the whole pipeline: the governance row, the
 * MLflow run, the retry schedule and the dead letters are all keyed by it. The query is stored
 * anonymized only: an audit record never holds raw PII. Build instances with {@link #builder()} or
 * parse them with {@link PayloadCodec}; both enforce the invariants checked by {@link
 * PayloadValidator}.
 */
public record AuditPayload(
    int schemaVersion,
    UUID auditId,
    String sessionId,
    String userId,
    String country,
    String queryAnonymized,
    String responseSummary,
    Map<Phase, Long> phaseDurationsMs,
    Map<LlmPhase, LlmUsage> llmPhases,
    BigDecimal totalCostUsd,
    List<AuditError> errors,
    Instant startedAt,
    Instant completedAt) {

  /** The schema version this code writes and the highest it reads. */
  public static final int SCHEMA_VERSION = 1;

  public AuditPayload {
    Objects.requireNonNull(auditId, "audit_id");
    totalCostUsd = totalCostUsd == null ? null : LlmUsage.canonical(totalCostUsd);
    Map<Phase, Long> durations = new EnumMap<>(Phase.class);
    durations.putAll(phaseDurationsMs);
    phaseDurationsMs = Collections.unmodifiableMap(durations);
    Map<LlmPhase, LlmUsage> usage = new EnumMap<>(LlmPhase.class);
    usage.putAll(llmPhases);
    llmPhases = Collections.unmodifiableMap(usage);
    errors = List.copyOf(errors);
  }

  /** The sum of the per-phase LLM costs; equal to {@link #totalCostUsd()} in a valid payload. */
  public BigDecimal sumOfPhaseCosts() {
    return llmPhases.values().stream()
        .map(LlmUsage::costUsd)
        .reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Mutable builder; {@link #build()} validates and fails with every offending field. */
  public static final class Builder {
    private int schemaVersion = SCHEMA_VERSION;
    private UUID auditId = UUID.randomUUID();
    private String sessionId;
    private String userId;
    private String country;
    private String queryAnonymized;
    private String responseSummary;
    private final Map<Phase, Long> phaseDurationsMs = new EnumMap<>(Phase.class);
    private final Map<LlmPhase, LlmUsage> llmPhases = new EnumMap<>(LlmPhase.class);
    private BigDecimal totalCostUsd;
    private final java.util.ArrayList<AuditError> errors = new java.util.ArrayList<>();
    private Instant startedAt;
    private Instant completedAt;

    private Builder() {}

    public Builder schemaVersion(int v) {
      this.schemaVersion = v;
      return this;
    }

    public Builder auditId(UUID v) {
      this.auditId = v;
      return this;
    }

    public Builder sessionId(String v) {
      this.sessionId = v;
      return this;
    }

    public Builder userId(String v) {
      this.userId = v;
      return this;
    }

    public Builder country(String v) {
      this.country = v;
      return this;
    }

    public Builder queryAnonymized(String v) {
      this.queryAnonymized = v;
      return this;
    }

    public Builder responseSummary(String v) {
      this.responseSummary = v;
      return this;
    }

    public Builder phaseDuration(Phase phase, long millis) {
      this.phaseDurationsMs.put(phase, millis);
      return this;
    }

    public Builder llmPhase(LlmPhase phase, LlmUsage usage) {
      this.llmPhases.put(phase, usage);
      return this;
    }

    /** Sets the total; when never called, {@link #build()} uses the sum of the phase costs. */
    public Builder totalCostUsd(BigDecimal v) {
      this.totalCostUsd = v;
      return this;
    }

    public Builder error(AuditError e) {
      this.errors.add(e);
      return this;
    }

    public Builder startedAt(Instant v) {
      this.startedAt = v;
      return this;
    }

    public Builder completedAt(Instant v) {
      this.completedAt = v;
      return this;
    }

    /**
     * Builds and validates.
     *
     * @throws IllegalArgumentException naming every offending field
     */
    public AuditPayload build() {
      BigDecimal total =
          totalCostUsd != null
              ? totalCostUsd
              : llmPhases.values().stream()
                  .map(LlmUsage::costUsd)
                  .reduce(BigDecimal.ZERO, BigDecimal::add);
      AuditPayload p =
          new AuditPayload(
              schemaVersion,
              auditId,
              sessionId,
              userId,
              country,
              queryAnonymized,
              responseSummary,
              phaseDurationsMs,
              llmPhases,
              total,
              errors,
              startedAt,
              completedAt);
      List<FieldError> problems = PayloadValidator.validate(p);
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(new PayloadValidationException(problems).getMessage());
      }
      return p;
    }
  }
}
