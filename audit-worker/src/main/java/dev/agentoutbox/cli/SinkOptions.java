package dev.agentoutbox.cli;

import dev.agentoutbox.sink.governance.GovernanceConfig;
import dev.agentoutbox.sink.mlflow.MlflowConfig;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where the sinks are, for reading them back: the same environment variables as {@code run} ({@code
 * GOVERNANCE_*}, {@code DATABRICKS_*}, {@code MLFLOW_*}); flags override them.
 */
final class SinkOptions {
  /** Unless GOVERNANCE_CONNECT_TIMEOUT_MS says otherwise: an operator should not wait 30 s. */
  static final Duration CLI_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  @Option(
      names = "--governance-jdbc-url",
      paramLabel = "URL",
      description =
          "Governance JDBC URL (env "
              + GovernanceConfig.ENV_JDBC_URL
              + ", default "
              + GovernanceConfig.DEFAULT_JDBC_URL
              + ").")
  String jdbcUrl;

  @Option(
      names = "--governance-table",
      paramLabel = "TABLE",
      description =
          "Governance table (env "
              + GovernanceConfig.ENV_TABLE
              + ", default "
              + GovernanceConfig.DEFAULT_TABLE
              + ").")
  String table;

  @Option(
      names = "--mlflow-uri",
      paramLabel = "URI",
      description = "MLflow tracking URI (env " + MlflowConfig.ENV_TRACKING_URI + ").")
  String mlflowUri;

  @Option(
      names = "--mlflow-experiment",
      paramLabel = "NAME",
      description =
          "MLflow experiment (env "
              + MlflowConfig.ENV_EXPERIMENT
              + ", default "
              + MlflowConfig.DEFAULT_EXPERIMENT
              + ").")
  String experiment;

  GovernanceConfig governance(Map<String, String> env) {
    if (jdbcUrl != null) {
      env.put(GovernanceConfig.ENV_JDBC_URL, jdbcUrl);
    }
    if (table != null) {
      env.put(GovernanceConfig.ENV_TABLE, table);
    }
    try {
      GovernanceConfig c = GovernanceConfig.fromEnv(env);
      if (!env.containsKey(GovernanceConfig.ENV_CONNECT_TIMEOUT_MS)) {
        c = c.toBuilder().connectTimeout(CLI_CONNECT_TIMEOUT).build();
      }
      return c;
    } catch (IllegalArgumentException e) {
      throw CliException.usage(
          "governance configuration: "
              + e.getMessage()
                  .replace(
                      GovernanceConfig.ENV_JDBC_URL,
                      "--governance-jdbc-url/" + GovernanceConfig.ENV_JDBC_URL)
                  .replace(
                      GovernanceConfig.ENV_TABLE,
                      "--governance-table/" + GovernanceConfig.ENV_TABLE));
    }
  }

  MlflowConfig mlflow(Map<String, String> env) {
    if (mlflowUri != null) {
      env.put(MlflowConfig.ENV_TRACKING_URI, mlflowUri);
    }
    if (experiment != null) {
      env.put(MlflowConfig.ENV_EXPERIMENT, experiment);
    }
    try {
      return MlflowConfig.fromEnv(env);
    } catch (IllegalArgumentException e) {
      throw CliException.usage(
          "MLflow configuration: "
              + e.getMessage()
                  .replace(
                      MlflowConfig.ENV_TRACKING_URI,
                      "--mlflow-uri/" + MlflowConfig.ENV_TRACKING_URI)
                  .replace(
                      MlflowConfig.ENV_EXPERIMENT,
                      "--mlflow-experiment/" + MlflowConfig.ENV_EXPERIMENT));
    }
  }
}
