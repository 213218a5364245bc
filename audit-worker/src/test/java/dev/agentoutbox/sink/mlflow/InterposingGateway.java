package dev.agentoutbox.sink.mlflow;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real gateway with a hook that runs once right before the next log-batch, to make another
 * writer's effect on the real server happen at an exact point of the sink's sequence.
 */
final class InterposingGateway implements MlflowGateway {
  private final MlflowGateway real;
  private final AtomicReference<Runnable> beforeLogBatch = new AtomicReference<>();

  InterposingGateway(MlflowGateway real) {
    this.real = real;
  }

  void beforeNextLogBatch(Runnable hook) {
    beforeLogBatch.set(hook);
  }

  @Override
  public Optional<String> findExperimentId(String name) throws MlflowCallException {
    return real.findExperimentId(name);
  }

  @Override
  public String getOrCreateExperiment(String name) throws MlflowCallException {
    return real.getOrCreateExperiment(name);
  }

  @Override
  public MlflowRun createRun(
      String experimentId, String runName, long startTimeMillis, Map<String, String> tags)
      throws MlflowCallException {
    return real.createRun(experimentId, runName, startTimeMillis, tags);
  }

  @Override
  public RunPage searchRuns(
      String experimentId, String filter, String orderBy, int maxResults, String pageToken)
      throws MlflowCallException {
    return real.searchRuns(experimentId, filter, orderBy, maxResults, pageToken);
  }

  @Override
  public void logBatch(
      String runId, List<MetricPoint> metrics, Map<String, String> params, Map<String, String> tags)
      throws MlflowCallException {
    Runnable hook = beforeLogBatch.getAndSet(null);
    if (hook != null) {
      hook.run();
    }
    real.logBatch(runId, metrics, params, tags);
  }

  @Override
  public void setTerminated(String runId, MlflowRunStatus status, long endTimeMillis)
      throws MlflowCallException {
    real.setTerminated(runId, status, endTimeMillis);
  }

  @Override
  public void deleteRun(String runId) throws MlflowCallException {
    real.deleteRun(runId);
  }

  @Override
  public Optional<MlflowRun> getRun(String runId) throws MlflowCallException {
    return real.getRun(runId);
  }

  @Override
  public void close() {
    real.close();
  }
}
