package dev.agentoutbox.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads MLflow through its REST API directly (not through the worker's client), so tests and the
 * demo check what the tracking server really holds.
 */
public final class MlflowRest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final String base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public MlflowRest(String trackingUri) {
    this.base =
        trackingUri.endsWith("/")
            ? trackingUri.substring(0, trackingUri.length() - 1)
            : trackingUri;
  }

  /** One run as the server reports it. */
  public record Run(
      String runId,
      String status,
      String lifecycle,
      Map<String, Double> metrics,
      Map<String, String> tags) {}

  public Optional<String> experimentId(String name) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        base
                            + "/api/2.0/mlflow/experiments/get-by-name?experiment_name="
                            + java.net.URLEncoder.encode(
                                name, java.nio.charset.StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() == 404) {
      return Optional.empty();
    }
    check(r);
    return Optional.of(MAPPER.readTree(r.body()).path("experiment").path("experiment_id").asText());
  }

  /** Active runs tagged with {@code audit_id}. */
  public List<Run> runsForAuditId(String experimentId, String auditId)
      throws IOException, InterruptedException {
    return search(experimentId, "tags.`audit_id` = '" + auditId + "'");
  }

  /** Every active run of the experiment (paged). */
  public List<Run> allRuns(String experimentId) throws IOException, InterruptedException {
    return search(experimentId, "", "ACTIVE_ONLY");
  }

  /** Every deleted run of the experiment (duplicates the sink removed). */
  public List<Run> deletedRuns(String experimentId) throws IOException, InterruptedException {
    return search(experimentId, "", "DELETED_ONLY");
  }

  private List<Run> search(String experimentId, String filter)
      throws IOException, InterruptedException {
    return search(experimentId, filter, "ACTIVE_ONLY");
  }

  private List<Run> search(String experimentId, String filter, String viewType)
      throws IOException, InterruptedException {
    List<Run> runs = new ArrayList<>();
    String token = null;
    do {
      ObjectNode body = MAPPER.createObjectNode();
      body.putArray("experiment_ids").add(experimentId);
      body.put("filter", filter);
      body.put("max_results", 1000);
      body.put("run_view_type", viewType);
      if (token != null) {
        body.put("page_token", token);
      }
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/api/2.0/mlflow/runs/search"))
                  .timeout(Duration.ofSeconds(60))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      check(r);
      JsonNode root = MAPPER.readTree(r.body());
      for (JsonNode run : root.path("runs")) {
        runs.add(toRun(run));
      }
      token = root.path("next_page_token").asText(null);
      if (token != null && token.isBlank()) {
        token = null;
      }
    } while (token != null);
    return runs;
  }

  private static Run toRun(JsonNode run) {
    JsonNode info = run.path("info");
    Map<String, Double> metrics = new HashMap<>();
    for (JsonNode m : run.path("data").path("metrics")) {
      metrics.put(m.path("key").asText(), m.path("value").asDouble());
    }
    Map<String, String> tags = new HashMap<>();
    for (JsonNode t : run.path("data").path("tags")) {
      tags.put(t.path("key").asText(), t.path("value").asText());
    }
    return new Run(
        info.path("run_id").asText(),
        info.path("status").asText(),
        info.path("lifecycle_stage").asText(),
        metrics,
        tags);
  }

  private static void check(HttpResponse<String> r) throws IOException {
    if (r.statusCode() / 100 != 2) {
      throw new IOException("MLflow answered " + r.statusCode() + ": " + r.body());
    }
  }
}
