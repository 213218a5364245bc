package dev.agentoutbox.sink.governance;

import java.time.Instant;

/** A row read back from the governance table (every column). */
public record GovernanceRecord(
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

  /** The row as the sink would write it, for comparisons. */
  public GovernanceRow toRow() {
    return new GovernanceRow(
        auditId,
        sessionId,
        userId,
        country,
        cost,
        errorInfo,
        timestamp,
        queryAnonymized,
        responseSummary,
        totalDurationMs,
        schemaVersion,
        writtenAt);
  }
}
