package dev.agentoutbox.cli;

import dev.agentoutbox.sink.governance.GovernanceReader;
import dev.agentoutbox.sink.mlflow.MlflowReader;
import dev.agentoutbox.sink.mlflow.MlflowRun;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** What {@code verify} reads back from the sinks (ports, with adapters over the sink readers). */
final class SinkReadback {
  private SinkReadback() {}

  /** Governance rows per audit id: every requested id is in the answer, 0 when missing. */
  @FunctionalInterface
  interface GovernanceCounts {
    Map<String, Integer> count(Collection<String> auditIds) throws Exception;

    static GovernanceCounts of(GovernanceReader reader) {
      return reader::countByAuditId;
    }
  }

  /** Active MLflow runs per audit id: every requested id is in the answer, empty when none. */
  @FunctionalInterface
  interface MlflowRuns {
    /**
     * @param startedAtOrAfter a hint: runs started before it may be found one id at a time only
     */
    Map<String, List<MlflowRun>> runs(Collection<String> auditIds, Instant startedAtOrAfter)
        throws Exception;

    static MlflowRuns of(MlflowReader reader) {
      return reader::runsForAuditIds;
    }
  }
}
