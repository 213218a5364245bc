package dev.agentoutbox.worker;

import dev.agentoutbox.sink.AuditSink;
import dev.agentoutbox.sink.governance.GovernanceConfig;
import dev.agentoutbox.sink.governance.GovernanceSink;
import dev.agentoutbox.sink.mlflow.MlflowConfig;
import dev.agentoutbox.sink.mlflow.MlflowSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the sinks of a worker process from environment variables. */
public final class SinkFactory {
  private static final Logger LOG = LoggerFactory.getLogger(SinkFactory.class);

  private SinkFactory() {}

  /**
   * The governance sink (always) and the MLflow sink (when {@code MLFLOW_TRACKING_URI} is set;
   * without it the worker says loudly that MLflow records are not written).
   */
  public static List<AuditSink> fromEnv(Map<String, String> env) {
    List<AuditSink> sinks = new ArrayList<>();
    GovernanceConfig governance = GovernanceConfig.fromEnv(env);
    sinks.add(GovernanceSink.open(governance));
    LOG.info("governance sink: {}", governance);
    String mlflowUri = env.get(MlflowConfig.ENV_TRACKING_URI);
    if (mlflowUri == null || mlflowUri.isBlank()) {
      LOG.warn(
          "MLFLOW_TRACKING_URI is not set: this worker writes NO MLflow runs. Jobs complete with"
              + " the governance row only.");
    } else {
      MlflowConfig mlflow = MlflowConfig.fromEnv(env);
      sinks.add(new MlflowSink(mlflow));
      LOG.info("mlflow sink: {} experiment {}", mlflowUri, mlflow.experimentName());
    }
    return sinks;
  }
}
