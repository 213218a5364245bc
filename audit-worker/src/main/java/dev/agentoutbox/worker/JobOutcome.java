package dev.agentoutbox.worker;

/** What became of one job execution. */
public enum JobOutcome {
  /** Every sink holds the record; the job is gone. */
  DONE,
  /** A transient failure; the job waits in the retry schedule. */
  RETRY_SCHEDULED,
  /** A terminal failure; the job is in the dead letters. */
  DEAD_LETTERED,
  /** Orphan recovery gave the job to another worker meanwhile; it will finish there. */
  LOST_OWNERSHIP
}
