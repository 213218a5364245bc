package dev.agentoutbox.sink.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Talks to MLflow's REST API directly with java.net.http, to check what the sink really wrote. */
final class MlflowRest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  MlflowRest(URI trackingUri) {
    this.base = URI.create(trackingUri + "/api/2.0/mlflow/");
  }

  Optional<String> experimentId(String name) {
    HttpResponse<String> r =
        send(
            HttpRequest.newBuilder(
                    base.resolve(
                        "experiments/get-by-name?experiment_name="
                            + URLEncoder.encode(name, StandardCharsets.UTF_8)))
                .GET());
    if (r.statusCode() == 404) {
      return Optional.empty();
    }
    return Optional.of(parse(r).get("experiment").get("experiment_id").asText());
  }

  String createExperiment(String name) {
    ObjectNode body = JSON.createObjectNode().put("name", name);
    return post("experiments/create", body).get("experiment_id").asText();
  }

  /** Creates a run the way an earlier attempt (or a blind client retry) would have. */
  String createRun(String experimentId, long startTime, Map<String, String> tags) {
    ObjectNode body = JSON.createObjectNode();
    body.put("experiment_id", experimentId).put("start_time", startTime);
    ArrayNode t = body.putArray("tags");
    tags.forEach((k, v) -> t.addObject().put("key", k).put("value", v));
    return post("runs/create", body).get("run").get("info").get("run_id").asText();
  }

  void deleteExperiment(String experimentId) {
    post("experiments/delete", JSON.createObjectNode().put("experiment_id", experimentId));
  }

  void deleteRun(String runId) {
    post("runs/delete", JSON.createObjectNode().put("run_id", runId));
  }

  /** Runs carrying {@code audit_id}; {@code viewType} ACTIVE_ONLY, DELETED_ONLY or ALL. */
  List<JsonNode> runsWithAuditId(String experimentId, String auditId, String viewType) {
    List<JsonNode> runs = new ArrayList<>();
    String token = null;
    do {
      ObjectNode body = JSON.createObjectNode();
      body.putArray("experiment_ids").add(experimentId);
      body.put("filter", "tags.audit_id = '" + auditId + "'");
      body.put("run_view_type", viewType);
      body.put("max_results", 100);
      if (token != null) {
        body.put("page_token", token);
      }
      JsonNode page = post("runs/search", body);
      page.path("runs").forEach(runs::add);
      token = page.path("next_page_token").asText(null);
    } while (token != null && !token.isEmpty());
    return runs;
  }

  JsonNode getRun(String runId) {
    return parse(
            send(
                HttpRequest.newBuilder(
                        base.resolve(
                            "runs/get?run_id=" + URLEncoder.encode(runId, StandardCharsets.UTF_8)))
                    .GET()))
        .get("run");
  }

  List<JsonNode> metricHistory(String runId, String key) {
    JsonNode n =
        parse(
            send(
                HttpRequest.newBuilder(
                        base.resolve(
                            "metrics/get-history?run_id="
                                + runId
                                + "&metric_key="
                                + URLEncoder.encode(key, StandardCharsets.UTF_8)))
                    .GET()));
    List<JsonNode> out = new ArrayList<>();
    n.path("metrics").forEach(out::add);
    return out;
  }

  static String runId(JsonNode run) {
    return run.get("info").get("run_id").asText();
  }

  static String status(JsonNode run) {
    return run.get("info").get("status").asText();
  }

  static Map<String, String> tags(JsonNode run) {
    return keyValues(run.path("data").path("tags"));
  }

  static Map<String, String> params(JsonNode run) {
    return keyValues(run.path("data").path("params"));
  }

  static Map<String, Double> metrics(JsonNode run) {
    Map<String, Double> m = new HashMap<>();
    run.path("data")
        .path("metrics")
        .forEach(n -> m.put(n.get("key").asText(), n.get("value").asDouble()));
    return m;
  }

  private static Map<String, String> keyValues(JsonNode list) {
    Map<String, String> m = new HashMap<>();
    list.forEach(n -> m.put(n.get("key").asText(), n.get("value").asText()));
    return m;
  }

  private JsonNode post(String path, JsonNode body) {
    return parse(
        send(
            HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(
          request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("MLflow REST call failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static JsonNode parse(HttpResponse<String> r) {
    if (r.statusCode() != 200) {
      throw new IllegalStateException(
          r.request().uri() + " answered " + r.statusCode() + ": " + r.body());
    }
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new IllegalStateException("not JSON: " + r.body(), e);
    }
  }
}
