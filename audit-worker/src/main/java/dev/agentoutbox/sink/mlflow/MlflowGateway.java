package dev.agentoutbox.sink.mlflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The few MLflow tracking calls the sink and the reader need (the port).
 *
 * <p>Contract of every implementation:
 *
 * <ul>
 *   <li>every call finishes within the configured deadline: an implementation never blocks forever;
 *   <li>every failure is an {@link MlflowCallException} classified as transient (timeout,
 *       connection error, 429, 5xx) or permanent (other 4xx);
 *   <li>no types of an MLflow client library leak through, so a thin {@code java.net.http} client
 *       can replace the official one.
 * </ul>
 *
 * Implementations are thread-safe.
 */
public interface MlflowGateway extends AutoCloseable {

  /** MLflow accepts at most this many metrics in one log-batch call. */
  int MAX_METRICS_PER_BATCH = 1000;

  /** MLflow accepts at most this many params in one log-batch call. */
  int MAX_PARAMS_PER_BATCH = 100;

  /** MLflow accepts at most this many tags in one log-batch call. */
  int MAX_TAGS_PER_BATCH = 100;

  /** Page size of {@link #searchRunsByTag}. */
  int TAG_SEARCH_PAGE_SIZE = 1000;

  /**
   * The id of the active experiment called {@code name}, if it exists.
   *
   * @throws MlflowCallException permanent when the experiment exists but is deleted
   */
  Optional<String> findExperimentId(String name) throws MlflowCallException;

  /**
   * The id of the experiment called {@code name}, created when missing. Concurrent callers get the
   * same id: losing a creation race ({@code RESOURCE_ALREADY_EXISTS}) re-reads it by name.
   */
  String getOrCreateExperiment(String name) throws MlflowCallException;

  /**
   * Creates a run. MLflow assigns its id, so callers tag the run with their own key and look it up
   * with {@link #searchRunsByTag} when an earlier attempt may already have created it.
   */
  MlflowRun createRun(
      String experimentId, String runName, long startTimeMillis, Map<String, String> tags)
      throws MlflowCallException;

  /**
   * One page of the active runs of an experiment matching an MLflow filter string.
   *
   * @param filter an MLflow search filter, or {@code null} for all runs
   * @param orderBy e.g. {@code attributes.start_time ASC}, or {@code null} for the server default
   * @param pageToken the token of the previous page, or {@code null} for the first
   */
  RunPage searchRuns(
      String experimentId, String filter, String orderBy, int maxResults, String pageToken)
      throws MlflowCallException;

  /** Every active run of the experiment carrying tag {@code key = value}, all pages read. */
  default List<MlflowRun> searchRunsByTag(String experimentId, String key, String value)
      throws MlflowCallException {
    String filter = tagEquals(key, value);
    List<MlflowRun> runs = new ArrayList<>();
    String token = null;
    do {
      RunPage page = searchRuns(experimentId, filter, null, TAG_SEARCH_PAGE_SIZE, token);
      runs.addAll(page.runs());
      token = page.nextPageToken().orElse(null);
    } while (token != null);
    return runs;
  }

  /**
   * Logs metrics, params and tags; an implementation splits them into calls within the MLflow
   * limits. Re-logging identical metrics and params is harmless; a param with a different value is
   * a permanent failure (params are immutable).
   */
  void logBatch(
      String runId, List<MetricPoint> metrics, Map<String, String> params, Map<String, String> tags)
      throws MlflowCallException;

  /** Sets the terminal status and end time of a run. */
  void setTerminated(String runId, MlflowRunStatus status, long endTimeMillis)
      throws MlflowCallException;

  /** Marks a run deleted; deleting a deleted or unknown run succeeds. */
  void deleteRun(String runId) throws MlflowCallException;

  /** The run, deleted ones included; empty when the server does not know the id. */
  Optional<MlflowRun> getRun(String runId) throws MlflowCallException;

  /** Releases connections and threads; calls after close fail. */
  @Override
  void close();

  /**
   * The MLflow filter {@code tags.`key` = 'value'}.
   *
   * @throws IllegalArgumentException when the key holds a backtick or the value a quote or
   *     backslash, which the filter grammar cannot carry safely
   */
  static String tagEquals(String key, String value) {
    if (key.isEmpty() || key.indexOf('`') >= 0) {
      throw new IllegalArgumentException("tag key cannot be used in a filter: " + key);
    }
    if (value.indexOf('\'') >= 0 || value.indexOf('\\') >= 0) {
      throw new IllegalArgumentException("tag value cannot be used in a filter: " + value);
    }
    return "tags.`" + key + "` = '" + value + "'";
  }
}
