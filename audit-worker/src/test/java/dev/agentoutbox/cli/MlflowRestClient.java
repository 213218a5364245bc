package dev.agentoutbox.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Talks to the MLflow REST API directly, to change what the server holds behind the worker. */
final class MlflowRestClient {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final String base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  MlflowRestClient(String trackingUri) {
    this.base = trackingUri;
  }

  String experimentId(String name) throws Exception {
    JsonNode r =
        get(
            "/api/2.0/mlflow/experiments/get-by-name?experiment_name="
                + URLEncoder.encode(name, StandardCharsets.UTF_8));
    return r.path("experiment").path("experiment_id").asText();
  }

  /** A second FINISHED run tagged with {@code auditId}, as a lost answer to runs/create makes. */
  String createFinishedRun(String experimentId, String auditId) throws Exception {
    ObjectNode create = MAPPER.createObjectNode();
    create.put("experiment_id", experimentId);
    create.put("start_time", System.currentTimeMillis());
    create.putArray("tags").addObject().put("key", "audit_id").put("value", auditId);
    String runId =
        post("/api/2.0/mlflow/runs/create", create)
            .path("run")
            .path("info")
            .path("run_id")
            .asText();
    ObjectNode update = MAPPER.createObjectNode();
    update.put("run_id", runId);
    update.put("status", "FINISHED");
    update.put("end_time", System.currentTimeMillis());
    post("/api/2.0/mlflow/runs/update", update);
    return runId;
  }

  private JsonNode get(String path) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  private JsonNode post(String path, JsonNode body) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(MAPPER.writeValueAsString(body))));
  }

  private JsonNode send(HttpRequest.Builder b) throws Exception {
    HttpResponse<String> r =
        http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("MLflow answered " + r.statusCode() + ": " + r.body());
    }
    return MAPPER.readTree(r.body());
  }
}
