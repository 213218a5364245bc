package dev.agentoutbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentoutbox.agent.AgentConfig;
import dev.agentoutbox.agent.ReferenceAgent;
import dev.agentoutbox.api.handoff.HandOffException;
import dev.agentoutbox.api.handoff.InMemoryHandOff;
import dev.agentoutbox.payload.AuditPayload;
import dev.agentoutbox.payload.LlmPhase;
import dev.agentoutbox.payload.LlmUsage;
import dev.agentoutbox.payload.PayloadCodec;
import dev.agentoutbox.payload.PayloadValidator;
import dev.agentoutbox.payload.Phase;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiServerTest {
  static final String IN003_ANSWER =
      "Dear Priya Sharma, you are eligible for a monthly EPS pension of INR 3,214.29."
          + " It is calculated as pensionable salary x pensionable service / 70"
          + " = INR 15,000 x 15 / 70. Your pensionable salary of INR 18,500 is capped at the EPS"
          + " wage ceiling of INR 15,000, and your pensionable service of 14 years 7 months"
          + " counts as 15 years (6 months or more round up).";
  static final int MAX_BODY = 4096;

  private static final ObjectMapper JSON = PayloadCodec.mapper();
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private InMemoryHandOff handOff;
  private ApiServer server;

  @BeforeEach
  void start() throws Exception {
    handOff = new InMemoryHandOff();
    ApiConfig config =
        ApiConfig.builder()
            .bindAddress("127.0.0.1")
            .port(0)
            .httpThreads(4)
            .maxBodyBytes(MAX_BODY)
            .shutdownGrace(Duration.ZERO)
            .build();
    server =
        new ApiServer(
                config,
                ReferenceAgent.offline(AgentConfig.defaults(), Clock.systemUTC(), d -> {}),
                handOff)
            .start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void queryForIn003Answers200AndHandsOffTheAnonymizedPayloadFirst() throws Exception {
    HttpResponse<String> r =
        post(
            "/v1/query",
            "{\"user_id\":\"IN003\",\"country\":\"IN\",\"query\":\"What is my EPS pension"
                + " benefit?\",\"session_id\":\"s-1\"}");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("session_id").asText()).isEqualTo("s-1");
    assertThat(body.get("answer").asText()).isEqualTo(IN003_ANSWER);
    assertThat(body.get("audit").asText()).isEqualTo("queued");
    assertThat(body.get("cost_usd").decimalValue()).isEqualTo(new BigDecimal("0.00127495"));
    assertThat(body.get("cost_usd").toString()).isEqualTo("0.00127495");
    JsonNode timings = body.get("timings");
    for (Phase p : Phase.values()) {
      assertThat(timings.get(p.key()).isIntegralNumber()).as(p.key()).isTrue();
    }
    assertThat(timings.get("handoff_us").asLong()).isNotNegative();

    assertThat(handOff.submitted()).hasSize(1);
    AuditPayload p = handOff.submitted().get(0);
    assertThat(p.auditId().toString()).isEqualTo(body.get("audit_id").asText());
    assertThat(p.sessionId()).isEqualTo("s-1");
    assertThat(p.userId()).isEqualTo("IN003");
    assertThat(p.totalCostUsd()).isEqualTo(new BigDecimal("0.00127495"));
    assertThat(p.responseSummary()).doesNotContain("Priya");
    assertThat(PayloadValidator.validate(p)).isEmpty();
  }

  @Test
  void queryWhileSpoolingStillAnswersAndSaysSpooled() throws Exception {
    handOff.spooling();

    HttpResponse<String> r = post("/v1/query", query("IN003", "IN", "What is my EPF balance?"));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).get("audit").asText()).isEqualTo("spooled");
  }

  @Test
  void queryBodyWithoutRequiredFieldsIs400NamingEachField() throws Exception {
    HttpResponse<String> r = post("/v1/query", "{}");

    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("error").asText()).isEqualTo("invalid_request");
    assertThat(fields(body)).containsExactly("user_id", "country", "query");
    assertThat(body.get("reason").asText()).contains("user_id: is required");
    assertThat(handOff.submitted()).isEmpty();
  }

  @Test
  void queryBodyWithWrongTypesAndValuesIs400() throws Exception {
    HttpResponse<String> r =
        post(
            "/v1/query",
            "{\"user_id\":42,\"country\":\"india\",\"query\":\"  \",\"session_id\":\"a b\","
                + "\"extra\":true}");

    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode body = JSON.readTree(r.body());
    assertThat(fields(body))
        .containsExactlyInAnyOrder("extra", "user_id", "country", "query", "session_id");
    assertThat(handOff.submitted()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/v1/query", "/v1/audit-events"})
  void malformedJsonIs400(String path) throws Exception {
    for (String bad : List.of("{\"user_id\":", "[1,2]x", "", "{\"a\":1,\"a\":2}")) {
      HttpResponse<String> r = post(path, bad);

      assertThat(r.statusCode()).as(bad).isEqualTo(400);
      JsonNode body = JSON.readTree(r.body());
      assertThat(body.get("error").asText()).as(bad).isEqualTo("malformed_json");
      assertThat(body.get("reason").asText()).as(bad).isNotBlank();
    }
    assertThat(handOff.submitted()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/v1/query", "/v1/audit-events"})
  void aJsonValueThatIsNotAnObjectIs400(String path) throws Exception {
    HttpResponse<String> r = post(path, "[]");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(fields(JSON.readTree(r.body()))).containsExactly("$");
    assertThat(handOff.submitted()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/v1/query", "/v1/audit-events"})
  void wrongContentTypeIs415(String path) throws Exception {
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "text/plain")
                .POST(BodyPublishers.ofString(query("IN003", "IN", "pension?")))
                .build(),
            BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(415);
    assertThat(JSON.readTree(r.body()).get("error").asText()).isEqualTo("unsupported_media_type");
    assertThat(handOff.submitted()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/v1/query", "/v1/audit-events"})
  void bodyOverTheLimitIs413WithOrWithoutContentLength(String path) throws Exception {
    String big = "{\"query\":\"" + "x".repeat(MAX_BODY) + "\"}";
    List<BodyPublisher> bodies =
        List.of(
            BodyPublishers.ofString(big),
            BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes())));
    for (BodyPublisher b : bodies) {
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(uri(path))
                  .header("Content-Type", "application/json")
                  .POST(b)
                  .build(),
              BodyHandlers.ofString());

      assertThat(r.statusCode()).isEqualTo(413);
      assertThat(JSON.readTree(r.body()).get("error").asText()).isEqualTo("payload_too_large");
    }
    assertThat(handOff.submitted()).isEmpty();
  }

  @Test
  void unknownMemberIs404WithReason() throws Exception {
    HttpResponse<String> r = post("/v1/query", query("IN999", "IN", "What is my EPS pension?"));

    assertThat(r.statusCode()).isEqualTo(404);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("error").asText()).isEqualTo("unknown_member");
    assertThat(body.get("reason").asText()).isEqualTo("no member IN999 in country IN");
    assertThat(handOff.submitted()).isEmpty();
  }

  @Test
  void aValidAuditEventIsAcceptedWith202AndHandedOffUnchanged() throws Exception {
    AuditPayload payload = otherAgentPayload();

    HttpResponse<String> r = post("/v1/audit-events", PayloadCodec.toJson(payload));

    assertThat(r.statusCode()).isEqualTo(202);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("audit_id").asText()).isEqualTo(payload.auditId().toString());
    assertThat(body.get("status").asText()).isEqualTo("accepted");
    assertThat(body.get("audit").asText()).isEqualTo("queued");
    assertThat(handOff.submitted()).containsExactly(payload);
  }

  @Test
  void anInvalidAuditEventIs400ListingEveryFieldAndIsNotHandedOff() throws Exception {
    ObjectNode json = PayloadCodec.toNode(otherAgentPayload());
    json.remove("audit_id");
    json.put("query_anonymized", "mail me at someone@example.com");
    json.put("total_cost_usd", new BigDecimal("9.99"));
    json.put("surprise", 1);

    HttpResponse<String> r = post("/v1/audit-events", json.toString());

    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("error").asText()).isEqualTo("invalid_payload");
    assertThat(fields(body)).contains("audit_id", "surprise");
    assertThat(body.get("fields").get(0).get("message").asText()).isNotBlank();
    assertThat(handOff.submitted()).isEmpty();

    ObjectNode onlyInvariants = PayloadCodec.toNode(otherAgentPayload());
    onlyInvariants.put("query_anonymized", "mail me at someone@example.com");
    onlyInvariants.put("total_cost_usd", new BigDecimal("9.99"));
    JsonNode body2 = JSON.readTree(post("/v1/audit-events", onlyInvariants.toString()).body());
    assertThat(fields(body2)).containsExactlyInAnyOrder("query_anonymized", "total_cost_usd");
    assertThat(handOff.submitted()).isEmpty();
  }

  @Test
  void aFailedHandOffIs503AndNoAnswerIsGiven() throws Exception {
    handOff.failing(new HandOffException("spool disk full"));

    HttpResponse<String> q = post("/v1/query", query("IN003", "IN", "pension?"));
    HttpResponse<String> e = post("/v1/audit-events", PayloadCodec.toJson(otherAgentPayload()));

    assertThat(q.statusCode()).isEqualTo(503);
    assertThat(JSON.readTree(q.body()).get("error").asText()).isEqualTo("handoff_unavailable");
    assertThat(q.body()).doesNotContain("Priya");
    assertThat(e.statusCode()).isEqualTo(503);
    assertThat(server.metrics().handOffs().value("failed")).isEqualTo(2);
  }

  @Test
  void unknownRouteIs404AndWrongMethodIs405() throws Exception {
    HttpResponse<String> nf = get("/v1/nothing");
    assertThat(nf.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(nf.body()).get("error").asText()).isEqualTo("not_found");

    HttpResponse<String> getQuery = get("/v1/query");
    assertThat(getQuery.statusCode()).isEqualTo(405);
    assertThat(getQuery.headers().firstValue("Allow")).hasValue("POST");
    assertThat(JSON.readTree(getQuery.body()).get("error").asText())
        .isEqualTo("method_not_allowed");

    HttpResponse<String> postHealth = post("/healthz", "{}");
    assertThat(postHealth.statusCode()).isEqualTo(405);
    assertThat(postHealth.headers().firstValue("Allow")).hasValue("GET");
    assertThat(handOff.submitted()).isEmpty();
  }

  @Test
  void healthzIs200WhenQueueingAnd503WhenSpoolingOrDown() throws Exception {
    HttpResponse<String> ok = get("/healthz");
    assertThat(ok.statusCode()).isEqualTo(200);
    JsonNode okBody = JSON.readTree(ok.body());
    assertThat(okBody.get("status").asText()).isEqualTo("ok");
    assertThat(okBody.at("/handoff/status").asText()).isEqualTo("up");
    assertThat(okBody.at("/handoff/spool_depth").asLong()).isZero();

    handOff.spooling();
    post("/v1/query", query("IN003", "IN", "pension?"));
    HttpResponse<String> degraded = get("/healthz");
    assertThat(degraded.statusCode()).isEqualTo(503);
    JsonNode body = JSON.readTree(degraded.body());
    assertThat(body.get("status").asText()).isEqualTo("degraded");
    assertThat(body.at("/handoff/spool_depth").asLong()).isEqualTo(1);
    assertThat(body.at("/handoff/notes/0").asText()).isEqualTo("redis unreachable (test)");

    handOff.failing(new HandOffException("disk full"));
    HttpResponse<String> down = get("/healthz");
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(JSON.readTree(down.body()).get("status").asText()).isEqualTo("down");
  }

  @Test
  void metricsCountHandOffsByOutcomeLatencyAndRequestsByRouteAndStatus() throws Exception {
    post("/v1/query", query("IN003", "IN", "pension?"));
    post("/v1/query", query("IN001", "IN", "pension?"));
    post("/v1/query", "{}");
    post("/v1/audit-events", PayloadCodec.toJson(otherAgentPayload()));
    handOff.spooling();
    post("/v1/query", query("IN002", "IN", "pension?"));
    get("/nope");

    HttpResponse<String> r = get("/metrics");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    List<String> lines = r.body().lines().toList();
    assertThat(lines)
        .contains(
            "# TYPE agent_api_handoffs_total counter",
            "agent_api_handoffs_total{outcome=\"queued\"} 3",
            "agent_api_handoffs_total{outcome=\"spooled\"} 1",
            "agent_api_handoffs_total{outcome=\"failed\"} 0",
            "# TYPE agent_api_handoff_duration_microseconds histogram",
            "agent_api_handoff_duration_microseconds_bucket{le=\"+Inf\"} 4",
            "agent_api_handoff_duration_microseconds_count 4",
            "agent_api_requests_total{route=\"/v1/query\",status=\"200\"} 3",
            "agent_api_requests_total{route=\"/v1/query\",status=\"400\"} 1",
            "agent_api_requests_total{route=\"/v1/audit-events\",status=\"202\"} 1",
            "agent_api_requests_total{route=\"unmatched\",status=\"404\"} 1",
            "agent_api_handoff_up 0",
            "agent_api_handoff_spool_depth 4");
    assertThat(lines).anyMatch(l -> l.startsWith("agent_api_handoff_duration_microseconds_sum "));
    List<Long> buckets = new ArrayList<>();
    for (String l : lines) {
      if (l.startsWith("agent_api_handoff_duration_microseconds_bucket")) {
        buckets.add(Long.parseLong(l.substring(l.lastIndexOf(' ') + 1)));
      }
    }
    assertThat(buckets).isSorted().last().isEqualTo(4L);
  }

  private static List<String> fields(JsonNode errorBody) {
    List<String> names = new ArrayList<>();
    errorBody.get("fields").forEach(f -> names.add(f.get("field").asText()));
    return names;
  }

  private static String query(String userId, String country, String query) {
    return JSON.createObjectNode()
        .put("user_id", userId)
        .put("country", country)
        .put("query", query)
        .toString();
  }

  private static AuditPayload otherAgentPayload() {
    AuditPayload.Builder b =
        AuditPayload.builder()
            .auditId(UUID.randomUUID())
            .sessionId("other-agent-session")
            .userId("US7")
            .country("US")
            .queryAnonymized("How much is in my 401k, <PERSON_1>?")
            .responseSummary("Dear <PERSON_1>, your balance is USD 12,000.")
            .startedAt(Instant.parse("2026-12-04T10:00:00Z"))
            .completedAt(Instant.parse("2026-12-04T10:00:25Z"))
            .llmPhase(
                LlmPhase.CLASSIFICATION,
                new LlmUsage("gpt-4o-mini", 40, 4, new BigDecimal("0.0000084")))
            .llmPhase(LlmPhase.SYNTHESIS, new LlmUsage("gpt-4o", 120, 30, new BigDecimal("0.0006")))
            .llmPhase(
                LlmPhase.VALIDATION,
                new LlmUsage("gpt-4o-mini", 150, 1, new BigDecimal("0.0000231")));
    for (Phase p : Phase.values()) {
      b.phaseDuration(p, 1000);
    }
    return b.build();
  }

  private URI uri(String path) {
    return server.uri().resolve(path);
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return client.send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(BodyPublishers.ofString(body))
            .build(),
        BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(HttpRequest.newBuilder(uri(path)).GET().build(), BodyHandlers.ofString());
  }
}
