package dev.agentoutbox.cli;

import dev.agentoutbox.sink.AuditSink;
import dev.agentoutbox.worker.HealthServer;
import dev.agentoutbox.worker.SinkFactory;
import dev.agentoutbox.worker.WorkerConfig;
import dev.agentoutbox.worker.WorkerMetrics;
import dev.agentoutbox.worker.WorkerRuntime;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code audit-worker run}: the long-running worker process. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs worker threads that dequeue Phase 8 jobs and write the governance table and MLflow.",
      "Configuration comes from environment variables; flags override them.",
      "",
      "Example:",
      "  REDIS_URL=redis://127.0.0.1:6379 MLFLOW_TRACKING_URI=http://127.0.0.1:5000 \\",
      "    java -jar audit-worker.jar run --threads 4"
    })
public final class RunCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  @Option(names = "--threads", description = "Worker threads (env WORKER_THREADS, default 4).")
  Integer threads;

  @Option(
      names = "--health-port",
      description =
          "Port of /healthz, /readyz, /metrics; 0 = any, -1 = off (env HEALTH_PORT, 8081).")
  Integer healthPort;

  @Option(names = "--redis-url", description = "Redis URL (env REDIS_URL).")
  String redisUrl;

  @Option(
      names = "--no-mlflow",
      description = "Run without the MLflow sink even if MLFLOW_TRACKING_URI is set.")
  boolean noMlflow;

  @Override
  public Integer call() throws Exception {
    Map<String, String> env = new HashMap<>(System.getenv());
    if (threads != null) {
      env.put("WORKER_THREADS", threads.toString());
    }
    if (healthPort != null) {
      env.put("HEALTH_PORT", healthPort.toString());
    }
    if (redisUrl != null) {
      env.put("REDIS_URL", redisUrl);
    }
    if (noMlflow) {
      env.remove("MLFLOW_TRACKING_URI");
    }
    WorkerConfig config = WorkerConfig.fromEnv(env).build();
    List<AuditSink> sinks = SinkFactory.fromEnv(env);
    WorkerMetrics metrics = new WorkerMetrics();
    WorkerRuntime runtime = new WorkerRuntime(config, sinks, metrics, Clock.systemUTC());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  runtime.close();
                  stopped.countDown();
                },
                "shutdown"));
    runtime.start();
    if (config.healthPort() >= 0) {
      HealthServer health = new HealthServer(config.healthPort(), runtime, metrics);
      LOG.info("health and metrics on port {}", health.port());
    }
    stopped.await();
    return 0;
  }
}
