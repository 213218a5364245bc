package dev.agentoutbox.sink.mlflow;

import dev.agentoutbox.sink.SinkException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mlflow.api.proto.Service;
import org.mlflow.api.proto.Service.CreateRun;
import org.mlflow.api.proto.Service.Experiment;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Param;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.api.proto.Service.RunTag;
import org.mlflow.api.proto.Service.ViewType;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.RunsPage;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;
import org.mlflow.tracking.creds.MlflowHostCredsProvider;

/**
 * {@link MlflowGateway} on the official Java client {@code org.mlflow:mlflow-client} 2.17.2.
 *
 * <p>That client has no timeouts and hangs for good after two HTTP 429 answers, so every call runs
 * under {@link MlflowConfig#callDeadline()} on a {@link DeadlineCaller}, which closes and rebuilds
 * the client after a timeout. Credentials go through a {@link MlflowHostCredsProvider}: the client
 * itself ignores {@code MLFLOW_TRACKING_TOKEN}.
 */
public final class MlflowClientGateway implements MlflowGateway {
  private final DeadlineCaller<MlflowClient> caller;

  public MlflowClientGateway(MlflowConfig config) {
    MlflowHostCredsProvider creds =
        new BasicMlflowHostCreds(
            config.trackingUri().toString(),
            config.username(),
            config.password(),
            config.token(),
            false);
    this.caller =
        new DeadlineCaller<>(
            () -> new MlflowClient(creds), config.callDeadline(), MlflowErrors::classify);
  }

  @Override
  public Optional<String> findExperimentId(String name) throws MlflowCallException {
    Optional<Experiment> found =
        caller.call("experiments/get-by-name", c -> c.getExperimentByName(name));
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Experiment e = found.get();
    if (!MlflowRun.LIFECYCLE_ACTIVE.equals(e.getLifecycleStage())) {
      throw new MlflowCallException(
          "experiments/get-by-name",
          SinkException.Kind.PERMANENT,
          0,
          null,
          "experiment '"
              + name
              + "' (id "
              + e.getExperimentId()
              + ") is "
              + e.getLifecycleStage()
              + ": restore it or configure another "
              + MlflowConfig.ENV_EXPERIMENT,
          null);
    }
    return Optional.of(e.getExperimentId());
  }

  @Override
  public String getOrCreateExperiment(String name) throws MlflowCallException {
    Optional<String> existing = findExperimentId(name);
    if (existing.isPresent()) {
      return existing.get();
    }
    try {
      return caller.call("experiments/create", c -> c.createExperiment(name));
    } catch (MlflowCallException e) {
      if (!e.isAlreadyExists()) {
        throw e;
      }
      return findExperimentId(name)
          .orElseThrow(
              () ->
                  new MlflowCallException(
                      "experiments/create",
                      SinkException.Kind.TRANSIENT,
                      e.httpStatus(),
                      e.errorCode(),
                      "experiment '" + name + "' exists but could not be read back",
                      e));
    }
  }

  @Override
  public MlflowRun createRun(
      String experimentId, String runName, long startTimeMillis, Map<String, String> tags)
      throws MlflowCallException {
    CreateRun.Builder request =
        CreateRun.newBuilder()
            .setExperimentId(experimentId)
            .setStartTime(startTimeMillis)
            .setRunName(runName);
    tags.forEach((k, v) -> request.addTags(RunTag.newBuilder().setKey(k).setValue(v)));
    Service.RunInfo info = caller.call("runs/create", c -> c.createRun(request.build()));
    return new MlflowRun(
        runId(info),
        info.getExperimentId(),
        info.getStatus().name(),
        info.getLifecycleStage(),
        info.getStartTime(),
        info.getEndTime(),
        tags,
        Map.of(),
        Map.of());
  }

  @Override
  public RunPage searchRuns(
      String experimentId, String filter, String orderBy, int maxResults, String pageToken)
      throws MlflowCallException {
    List<String> order = orderBy == null ? List.of() : List.of(orderBy);
    RunsPage page =
        caller.call(
            "runs/search",
            c ->
                c.searchRuns(
                    List.of(experimentId),
                    filter,
                    ViewType.ACTIVE_ONLY,
                    maxResults,
                    order,
                    pageToken));
    List<MlflowRun> runs = new ArrayList<>();
    for (Run r : page.getItems()) {
      runs.add(toRun(r));
    }
    return new RunPage(runs, page.getNextPageToken().filter(t -> !t.isEmpty()));
  }

  @Override
  public void logBatch(
      String runId, List<MetricPoint> metrics, Map<String, String> params, Map<String, String> tags)
      throws MlflowCallException {
    List<Metric> m = new ArrayList<>();
    for (MetricPoint p : metrics) {
      m.add(
          Metric.newBuilder()
              .setKey(p.key())
              .setValue(p.value())
              .setTimestamp(p.timestampMillis())
              .setStep(p.step())
              .build());
    }
    List<Param> p = new ArrayList<>();
    params.forEach((k, v) -> p.add(Param.newBuilder().setKey(k).setValue(v).build()));
    List<RunTag> t = new ArrayList<>();
    tags.forEach((k, v) -> t.add(RunTag.newBuilder().setKey(k).setValue(v).build()));
    for (LogBatchChunks.Chunk<Metric, Param, RunTag> chunk : LogBatchChunks.split(m, p, t)) {
      caller.call(
          "runs/log-batch",
          c -> {
            c.logBatch(runId, chunk.metrics(), chunk.params(), chunk.tags());
            return null;
          });
    }
  }

  @Override
  public void setTerminated(String runId, MlflowRunStatus status, long endTimeMillis)
      throws MlflowCallException {
    Service.RunStatus s = Service.RunStatus.valueOf(status.name());
    caller.call(
        "runs/update",
        c -> {
          c.setTerminated(runId, s, endTimeMillis);
          return null;
        });
  }

  @Override
  public void deleteRun(String runId) throws MlflowCallException {
    try {
      caller.call(
          "runs/delete",
          c -> {
            c.deleteRun(runId);
            return null;
          });
    } catch (MlflowCallException e) {
      if (!e.isNotFound()) {
        throw e;
      }
    }
  }

  @Override
  public Optional<MlflowRun> getRun(String runId) throws MlflowCallException {
    try {
      return Optional.of(toRun(caller.call("runs/get", c -> c.getRun(runId))));
    } catch (MlflowCallException e) {
      if (e.isNotFound()) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Times the client was closed and rebuilt after a call overran its deadline. */
  public long clientRebuilds() {
    return caller.rebuilds();
  }

  /** Calls still running on call threads, abandoned ones included (for metrics and tests). */
  public int callsInFlight() {
    return caller.inFlight();
  }

  @Override
  public void close() {
    caller.close();
  }

  private static MlflowRun toRun(Run r) {
    Service.RunInfo info = r.getInfo();
    Map<String, String> tags = new LinkedHashMap<>();
    r.getData().getTagsList().forEach(t -> tags.put(t.getKey(), t.getValue()));
    Map<String, Double> metrics = new LinkedHashMap<>();
    r.getData().getMetricsList().forEach(m -> metrics.put(m.getKey(), m.getValue()));
    Map<String, String> params = new LinkedHashMap<>();
    r.getData().getParamsList().forEach(p -> params.put(p.getKey(), p.getValue()));
    return new MlflowRun(
        runId(info),
        info.getExperimentId(),
        info.getStatus().name(),
        info.getLifecycleStage(),
        info.getStartTime(),
        info.getEndTime(),
        tags,
        metrics,
        params);
  }

  private static String runId(Service.RunInfo info) {
    return info.getRunId().isEmpty() ? info.getRunUuid() : info.getRunId();
  }
}
