package dev.agentoutbox.sink.mlflow;

import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A run as read back from MLflow, free of any client library type.
 *
 * @param runId the server-assigned id
 * @param experimentId the experiment holding it
 * @param status {@code RUNNING}, {@code FINISHED}, {@code FAILED}, {@code KILLED} or {@code
 *     SCHEDULED}
 * @param lifecycleStage {@code active} or {@code deleted}
 * @param startTimeMillis start time in epoch millis (0 when unset)
 * @param endTimeMillis end time in epoch millis (0 when unset)
 * @param tags every tag, including MLflow's own {@code mlflow.*} tags
 * @param metrics the latest value of each metric
 * @param params every param
 */
public record MlflowRun(
    String runId,
    String experimentId,
    String status,
    String lifecycleStage,
    long startTimeMillis,
    long endTimeMillis,
    Map<String, String> tags,
    Map<String, Double> metrics,
    Map<String, String> params) {

  public static final String LIFECYCLE_ACTIVE = "active";

  /**
   * The order that picks the run to keep among duplicates: earliest start time, then smallest run
   * id. Every worker computes the same winner from the same set, and the overall first run is never
   * deleted by anyone.
   */
  public static final Comparator<MlflowRun> WINNER_ORDER =
      Comparator.comparingLong(MlflowRun::startTimeMillis).thenComparing(MlflowRun::runId);

  public MlflowRun {
    Objects.requireNonNull(runId, "runId");
    tags = Map.copyOf(tags);
    metrics = Map.copyOf(metrics);
    params = Map.copyOf(params);
  }

  public boolean isActive() {
    return LIFECYCLE_ACTIVE.equals(lifecycleStage);
  }

  public boolean isFinished() {
    return MlflowRunStatus.FINISHED.name().equals(status);
  }

  public Optional<String> tag(String key) {
    return Optional.ofNullable(tags.get(key));
  }
}
