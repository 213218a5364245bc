package dev.agentoutbox.sink.governance;

import java.time.Instant;

/**
 * The answer of the users' verification query: {@code SELECT session_id, user_id, cost, error_info,
 * timestamp ... ORDER BY timestamp DESC LIMIT 1}.
 */
public record VerificationRow(
    String sessionId, String userId, double cost, String errorInfo, Instant timestamp) {}
