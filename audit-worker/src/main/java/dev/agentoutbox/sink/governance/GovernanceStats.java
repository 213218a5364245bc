package dev.agentoutbox.sink.governance;

/**
 * Counters of the governance sink since it opened.
 *
 * @param batches group commits written (successfully or not)
 * @param rows rows handed to those batches
 * @param statements write statements executed
 * @param largestBatch most rows seen in one batch
 */
public record GovernanceStats(long batches, long rows, long statements, int largestBatch) {}
