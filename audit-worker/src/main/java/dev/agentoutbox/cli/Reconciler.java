package dev.agentoutbox.cli;

import dev.agentoutbox.sink.mlflow.MlflowRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The reconciliation behind {@code verify}: each accepted audit id must have exactly one governance
 * row and exactly one MLflow run, FINISHED. Ids that do not are classified with their place in
 * Redis: still pending (queued, in flight, retry scheduled, dead letter), purged by an operator, or
 * missing/duplicated.
 */
final class Reconciler {

  /** The verdict on one id. */
  enum Status {
    OK,
    MISSING,
    DUPLICATED,
    PENDING,
    PURGED
  }

  /**
   * One id that is not OK.
   *
   * @param governanceRows rows in the governance table, null when not checked
   * @param mlflowRuns active runs tagged with the id, null when not checked
   * @param mlflowFinished of those, the FINISHED ones
   * @param redisState where Redis has the job (see {@link JobLocator.State#label()})
   * @param problems what is wrong, one phrase each
   */
  record IdReport(
      String auditId,
      Status status,
      Instant acceptedAt,
      Integer governanceRows,
      Integer mlflowRuns,
      Integer mlflowFinished,
      String redisState,
      String redisDetail,
      List<String> problems) {}

  /** The whole result. */
  record Report(
      Instant since,
      Instant until,
      List<String> sinks,
      int accepted,
      int ok,
      int missing,
      int duplicated,
      int pending,
      int purged,
      Map<String, Integer> pendingByState,
      List<IdReport> problems) {

    /** Nothing missing or duplicated (pending and purged ids do not fail). */
    boolean passed() {
      return missing == 0 && duplicated == 0;
    }
  }

  private Reconciler() {}

  /**
   * @param accepted audit id → acceptance time, from the ledger
   * @param governance rows per id, or null when the governance sink is not checked
   * @param mlflow runs per id, or null when MLflow is not checked
   * @param locate where Redis has the given ids
   * @param purged the given ids that an operator purged
   */
  static Report reconcile(
      Instant since,
      Instant until,
      Map<String, Instant> accepted,
      Map<String, Integer> governance,
      Map<String, List<MlflowRun>> mlflow,
      Function<Collection<String>, Map<String, JobLocator.Location>> locate,
      Function<Collection<String>, Set<String>> purged) {
    Map<String, Check> problems = new LinkedHashMap<>();
    for (String id : accepted.keySet()) {
      Check c = check(id, governance, mlflow);
      if (!c.problems().isEmpty()) {
        problems.put(id, c);
      }
    }
    Map<String, JobLocator.Location> where =
        problems.isEmpty() ? Map.of() : locate.apply(problems.keySet());
    List<String> notPending = new ArrayList<>();
    for (String id : problems.keySet()) {
      JobLocator.Location l = where.get(id);
      if (l == null || !l.state().pending()) {
        notPending.add(id);
      }
    }
    Set<String> purgedIds = notPending.isEmpty() ? Set.of() : purged.apply(notPending);

    List<IdReport> reports = new ArrayList<>();
    Map<String, Integer> pendingByState = new TreeMap<>();
    Map<Status, Integer> counts = new EnumMap<>(Status.class);
    for (Map.Entry<String, Check> e : problems.entrySet()) {
      String id = e.getKey();
      Check c = e.getValue();
      JobLocator.Location l = where.get(id);
      Status status;
      if (l != null && l.state().pending()) {
        status = Status.PENDING;
        pendingByState.merge(l.state().label(), 1, Integer::sum);
      } else if (purgedIds.contains(id)) {
        status = Status.PURGED;
      } else if (c.absent()) {
        status = Status.MISSING;
      } else {
        status = Status.DUPLICATED;
      }
      counts.merge(status, 1, Integer::sum);
      List<MlflowRun> runs = mlflow == null ? null : mlflow.getOrDefault(id, List.of());
      reports.add(
          new IdReport(
              id,
              status,
              accepted.get(id),
              governance == null ? null : governance.getOrDefault(id, 0),
              runs == null ? null : runs.size(),
              runs == null ? null : (int) runs.stream().filter(MlflowRun::isFinished).count(),
              l == null ? null : l.state().label(),
              l == null ? null : l.detail(),
              c.problems()));
    }
    List<String> sinks = new ArrayList<>();
    if (governance != null) {
      sinks.add("governance");
    }
    if (mlflow != null) {
      sinks.add("mlflow");
    }
    return new Report(
        since,
        until,
        sinks,
        accepted.size(),
        accepted.size() - problems.size(),
        counts.getOrDefault(Status.MISSING, 0),
        counts.getOrDefault(Status.DUPLICATED, 0),
        counts.getOrDefault(Status.PENDING, 0),
        counts.getOrDefault(Status.PURGED, 0),
        pendingByState,
        reports);
  }

  /**
   * What is wrong with one id in the sinks.
   *
   * @param absent a sink lacks the record (no row, no run, or no FINISHED run)
   */
  private record Check(List<String> problems, boolean absent) {}

  private static Check check(
      String id, Map<String, Integer> governance, Map<String, List<MlflowRun>> mlflow) {
    List<String> p = new ArrayList<>();
    boolean absent = false;
    if (governance != null) {
      int rows = governance.getOrDefault(id, 0);
      if (rows == 0) {
        p.add("no governance row");
        absent = true;
      } else if (rows > 1) {
        p.add(rows + " governance rows");
      }
    }
    if (mlflow != null) {
      List<MlflowRun> runs = mlflow.getOrDefault(id, List.of());
      long finished = runs.stream().filter(MlflowRun::isFinished).count();
      if (runs.isEmpty()) {
        p.add("no MLflow run");
        absent = true;
      } else if (runs.size() > 1) {
        p.add(runs.size() + " MLflow runs (" + finished + " FINISHED)");
        absent = absent || finished == 0;
      } else if (finished == 0) {
        p.add("MLflow run " + runs.get(0).runId() + " is " + runs.get(0).status());
        absent = true;
      }
    }
    return new Check(List.copyOf(p), absent);
  }
}
