package dev.agentoutbox.sink.mlflow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads back the runs of audit ids, for verification and reconciliation.
 *
 * <p>MLflow's filter grammar has no {@code OR} and accepts {@code IN} only for run ids, so many ids
 * cannot be looked up in one search. Up to {@link #DEFAULT_PER_ID_LOOKUP_MAX} ids are looked up one
 * search each; more are found by paging through the experiment (optionally only runs started at or
 * after a given instant, which the run start time = payload {@code started_at} makes precise), and
 * the ids that the scan did not see are then confirmed one by one, because offset-based pages can
 * skip a run when runs are created during the scan. Only active (not deleted) runs are returned.
 */
public final class MlflowReader implements AutoCloseable {
  public static final int DEFAULT_PER_ID_LOOKUP_MAX = 20;
  public static final int DEFAULT_SCAN_PAGE_SIZE = 1000;

  private final MlflowGateway gateway;
  private final boolean ownsGateway;
  private final String experimentName;
  private final int perIdLookupMax;
  private final int scanPageSize;

  /** A reader on the official MLflow client, which it closes on {@link #close()}. */
  public MlflowReader(MlflowConfig config) {
    this(
        new MlflowClientGateway(config),
        true,
        config.experimentName(),
        DEFAULT_PER_ID_LOOKUP_MAX,
        DEFAULT_SCAN_PAGE_SIZE);
  }

  /** A reader on any gateway, which the caller keeps ownership of. */
  public MlflowReader(MlflowGateway gateway, String experimentName) {
    this(gateway, experimentName, DEFAULT_PER_ID_LOOKUP_MAX, DEFAULT_SCAN_PAGE_SIZE);
  }

  /**
   * @param perIdLookupMax above this many ids, the experiment is scanned instead
   * @param scanPageSize runs per page of a scan (MLflow allows up to 50000)
   */
  public MlflowReader(
      MlflowGateway gateway, String experimentName, int perIdLookupMax, int scanPageSize) {
    this(gateway, false, experimentName, perIdLookupMax, scanPageSize);
  }

  private MlflowReader(
      MlflowGateway gateway,
      boolean ownsGateway,
      String experimentName,
      int perIdLookupMax,
      int scanPageSize) {
    this.gateway = Objects.requireNonNull(gateway, "gateway");
    this.ownsGateway = ownsGateway;
    this.experimentName = Objects.requireNonNull(experimentName, "experimentName");
    if (perIdLookupMax < 0) {
      throw new IllegalArgumentException("perIdLookupMax: must be >= 0");
    }
    if (scanPageSize < 1 || scanPageSize > 50_000) {
      throw new IllegalArgumentException("scanPageSize: must be in 1..50000");
    }
    this.perIdLookupMax = perIdLookupMax;
    this.scanPageSize = scanPageSize;
  }

  /** The active runs tagged with {@code auditId}, kept run first; empty when none. */
  public List<MlflowRun> runsForAuditId(String auditId) throws MlflowCallException {
    Optional<String> experiment = gateway.findExperimentId(experimentName);
    if (experiment.isEmpty()) {
      return List.of();
    }
    return lookup(experiment.get(), auditId);
  }

  /** {@link #runsForAuditIds(Collection, Instant)} over the whole experiment. */
  public Map<String, List<MlflowRun>> runsForAuditIds(Collection<String> auditIds)
      throws MlflowCallException {
    return runsForAuditIds(auditIds, null);
  }

  /**
   * The active runs of each audit id, kept run first.
   *
   * @param startedAtOrAfter when not null, only runs whose start time ({@code started_at} of the
   *     payload) is at or after it are scanned
   * @return a map holding every requested id, in request order, with an empty list for ids that
   *     have no run
   */
  public Map<String, List<MlflowRun>> runsForAuditIds(
      Collection<String> auditIds, Instant startedAtOrAfter) throws MlflowCallException {
    Set<String> wanted = new LinkedHashSet<>(auditIds);
    Map<String, List<MlflowRun>> result = new LinkedHashMap<>();
    wanted.forEach(id -> result.put(id, new ArrayList<>()));
    Optional<String> experiment = gateway.findExperimentId(experimentName);
    if (experiment.isEmpty() || wanted.isEmpty()) {
      return freeze(result);
    }
    String exp = experiment.get();
    if (wanted.size() <= perIdLookupMax) {
      for (String id : wanted) {
        result.put(id, lookup(exp, id));
      }
      return freeze(result);
    }
    Map<String, MlflowRun> seen = new HashMap<>();
    String filter =
        startedAtOrAfter == null
            ? null
            : "attributes.start_time >= " + startedAtOrAfter.toEpochMilli();
    String token = null;
    do {
      RunPage page =
          gateway.searchRuns(exp, filter, "attributes.start_time ASC", scanPageSize, token);
      for (MlflowRun run : page.runs()) {
        String id = run.tags().get(AuditRunContent.TAG_AUDIT_ID);
        if (id != null && wanted.contains(id) && seen.putIfAbsent(run.runId(), run) == null) {
          result.get(id).add(run);
        }
      }
      token = page.nextPageToken().orElse(null);
    } while (token != null);
    for (Map.Entry<String, List<MlflowRun>> e : result.entrySet()) {
      if (e.getValue().isEmpty()) {
        e.setValue(lookup(exp, e.getKey()));
      } else {
        e.getValue().sort(MlflowRun.WINNER_ORDER);
      }
    }
    return freeze(result);
  }

  @Override
  public void close() {
    if (ownsGateway) {
      gateway.close();
    }
  }

  private List<MlflowRun> lookup(String experimentId, String auditId) throws MlflowCallException {
    List<MlflowRun> runs =
        new ArrayList<>(
            gateway.searchRunsByTag(experimentId, AuditRunContent.TAG_AUDIT_ID, auditId));
    runs.sort(MlflowRun.WINNER_ORDER);
    return List.copyOf(runs);
  }

  private static Map<String, List<MlflowRun>> freeze(Map<String, List<MlflowRun>> m) {
    Map<String, List<MlflowRun>> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, List.copyOf(v)));
    return Collections.unmodifiableMap(out);
  }
}
