package dev.agentoutbox.sink.governance;

import java.util.List;
import java.util.Map;

/** Writes a group of rows and reports, per {@code audit_id}, the rows it could not write. */
interface BatchWriter {

  /**
   * @param rows rows with distinct {@code audit_id}s
   * @return the failed rows by {@code audit_id}; every row absent from the map was written (or
   *     already present). Never throws.
   */
  Map<String, WriteFailure> write(List<GovernanceRow> rows);
}
