package dev.agentoutbox.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentoutbox.testkit.MlflowServer;
import dev.agentoutbox.testkit.RedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The main job end to end on embedded defaults: a local Redis (AOF on), SQLite, a local MLflow
 * server when its virtualenv is provisioned, agent-api and one audit-worker as separate processes;
 * sends the reference query and prints the answer, the governance row and the MLflow run.
 */
public final class Demo {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String EXPERIMENT = "agent-outbox";

  private Demo() {}

  public static void main(String[] args) throws Exception {
    Path root = Pipeline.repositoryRoot();
    Path work = root.resolve("data/demo");
    Files.createDirectories(work);
    Path db = work.resolve("governance.db");
    say("agent-outbox demo: data lands in " + work);

    try (RedisServer redis = RedisServer.start()) {
      say("Redis        " + redis.url() + " (appendonly yes, maxmemory-policy noeviction)");
      MlflowServer mlflow = startMlflow();
      Map<String, String> workerEnv = new HashMap<>();
      workerEnv.put("GOVERNANCE_JDBC_URL", "jdbc:sqlite:" + db);
      workerEnv.put("WORKER_THREADS", "2");
      if (mlflow != null) {
        workerEnv.put("MLFLOW_TRACKING_URI", mlflow.trackingUri());
        workerEnv.put("MLFLOW_EXPERIMENT", EXPERIMENT);
        say("MLflow       " + mlflow.trackingUri());
      }
      say("Governance   jdbc:sqlite:" + db + " (table governance)");
      try (Pipeline pipeline =
          new Pipeline(new Pipeline.Options(root, work, redis.url(), workerEnv, 1)).start()) {
        say("agent-api    " + pipeline.apiUrl() + "   audit-worker x1 (2 threads)");
        say("");
        say(
            "POST /v1/query {\"user_id\":\"IN003\",\"country\":\"IN\",\"query\":\"What is my EPS pension benefit?\"}");
        long t0 = System.nanoTime();
        Pipeline.Reply reply = pipeline.referenceQuery();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (reply.status() != 200) {
          throw new IllegalStateException(
              "agent-api answered " + reply.status() + ": " + reply.body());
        }
        String auditId = reply.body().path("audit_id").asText();
        say(
            "HTTP 200 in "
                + ms
                + " ms (Phase 8 not on the user's wait: audit "
                + reply.body().path("audit").asText()
                + ")");
        say("answer:     " + reply.body().path("answer").asText());
        say("session_id: " + reply.body().path("session_id").asText());
        say("audit_id:   " + auditId);
        say("");

        GovernanceQuery gov = new GovernanceQuery("jdbc:sqlite:" + db, null, null, "governance");
        Map<String, Object> row =
            await(
                "governance row",
                () ->
                    gov.byAuditId(auditId).isPresent()
                        ? gov.latestForUser("IN003")
                        : Optional.empty());
        say("SELECT session_id, user_id, cost, error_info, timestamp FROM governance");
        say("  WHERE user_id = 'IN003' ORDER BY timestamp DESC LIMIT 1;");
        row.forEach((k, v) -> say(String.format("  %-11s %s", k, v)));
        JsonNode info = MAPPER.readTree(String.valueOf(row.get("error_info")));
        double sum =
            info.path("classification").path("cost_usd").asDouble()
                + info.path("synthesis").path("cost_usd").asDouble()
                + info.path("validation").path("cost_usd").asDouble();
        say(
            String.format(
                "  error_info is valid JSON; classification + synthesis + validation = %.9f = cost %s",
                sum, row.get("cost")));
        say("");

        if (mlflow != null) {
          MlflowRest rest = new MlflowRest(mlflow.trackingUri());
          MlflowRest.Run run =
              await(
                  "MLflow run",
                  () -> {
                    Optional<String> exp = rest.experimentId(EXPERIMENT);
                    if (exp.isEmpty()) {
                      return Optional.empty();
                    }
                    List<MlflowRest.Run> runs = rest.runsForAuditId(exp.get(), auditId);
                    return runs.size() == 1 && runs.get(0).status().equals("FINISHED")
                        ? Optional.of(runs.get(0))
                        : Optional.empty();
                  });
          say(
              "MLflow run "
                  + run.runId()
                  + " in experiment '"
                  + EXPERIMENT
                  + "': status "
                  + run.status());
          say(
              "  tags: audit_id="
                  + run.tags().get("audit_id")
                  + " user_id="
                  + run.tags().get("user_id")
                  + " country="
                  + run.tags().get("country"));
          for (String m :
              List.of(
                  "classification.cost_usd",
                  "synthesis.cost_usd",
                  "validation.cost_usd",
                  "total.cost_usd")) {
            say(
                String.format(
                    "  %-24s %s",
                    m, java.math.BigDecimal.valueOf(run.metrics().get(m)).toPlainString()));
          }
        } else {
          say("!!! MLflow was NOT checked: no MLflow server could be provisioned (see above).");
        }
        say("");
        say("done: one governance row and one FINISHED MLflow run for audit " + auditId);
      }
      if (mlflow != null) {
        mlflow.close();
      }
    }
  }

  private static MlflowServer startMlflow() {
    try {
      return MlflowServer.start();
    } catch (RuntimeException e) {
      say("");
      say("!!! WARNING: no MLflow server: " + e.getMessage());
      say(
          "!!! The demo runs WITHOUT the MLflow sink. Provision it with: bash scripts/demo (needs python3)");
      say("");
      return null;
    }
  }

  interface Probe<T> {
    Optional<T> get() throws Exception;
  }

  private static <T> T await(String what, Probe<T> probe) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      Optional<T> v = probe.get();
      if (v.isPresent()) {
        return v.get();
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(what + " did not appear within 60 s");
  }

  private static void say(String s) {
    System.out.println(s);
  }
}
