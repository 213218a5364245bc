package dev.agentoutbox.sink.governance;

import dev.agentoutbox.payload.AuditPayload;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One row of the governance table, as written by the sink.
 *
 * <p>Instants are truncated to microseconds, the precision of PostgreSQL and Databricks timestamps,
 * so a row reads back exactly as it was written in every dialect.
 *
 * @param cost {@code total_cost_usd} as a double (the exact decimals are in {@code error_info})
 * @param errorInfo JSON text, see {@link ErrorInfoJson}
 * @param timestamp {@code completed_at}
 * @param totalDurationMs {@code completed_at - started_at} in milliseconds
 * @param writtenAt when the sink first wrote the row
 */
public record GovernanceRow(
    String auditId,
    String sessionId,
    String userId,
    String country,
    double cost,
    String errorInfo,
    Instant timestamp,
    String queryAnonymized,
    String responseSummary,
    long totalDurationMs,
    int schemaVersion,
    Instant writtenAt) {

  public GovernanceRow {
    Objects.requireNonNull(auditId, "auditId");
    timestamp = timestamp.truncatedTo(ChronoUnit.MICROS);
    writtenAt = writtenAt.truncatedTo(ChronoUnit.MICROS);
  }

  /** Maps a validated payload to its row. */
  public static GovernanceRow from(AuditPayload p, Instant writtenAt) {
    return new GovernanceRow(
        p.auditId().toString(),
        p.sessionId(),
        p.userId(),
        p.country(),
        p.totalCostUsd().doubleValue(),
        ErrorInfoJson.of(p),
        p.completedAt(),
        p.queryAnonymized(),
        p.responseSummary(),
        Duration.between(p.startedAt(), p.completedAt()).toMillis(),
        p.schemaVersion(),
        writtenAt);
  }

  /** The value of {@code column}: a String, Double, Long, Integer or Instant. */
  public Object value(GovernanceColumn column) {
    return switch (column) {
      case AUDIT_ID -> auditId;
      case SESSION_ID -> sessionId;
      case USER_ID -> userId;
      case COUNTRY -> country;
      case COST -> cost;
      case ERROR_INFO -> errorInfo;
      case TIMESTAMP -> timestamp;
      case QUERY_ANONYMIZED -> queryAnonymized;
      case RESPONSE_SUMMARY -> responseSummary;
      case TOTAL_DURATION_MS -> totalDurationMs;
      case SCHEMA_VERSION -> schemaVersion;
      case WRITTEN_AT -> writtenAt;
    };
  }
}
