package dev.agentoutbox.sink.governance;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentoutbox.payload.AuditPayload;
import dev.agentoutbox.payload.LlmPhase;
import dev.agentoutbox.payload.LlmUsage;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code error_info} column: per-LLM-phase cost breakdown, total and errors, as JSON text.
 *
 * <pre>{@code
 * {"classification":{"cost_usd":0.0012,"model":"..","input_tokens":10,"output_tokens":5},
 *  "synthesis":{..},"validation":{..},"total_cost_usd":0.0364,
 *  "errors":[{"phase":"retrieval","message":".."}]}
 * }</pre>
 *
 * Costs are JSON numbers written in plain notation from the exact decimals of the payload.
 */
public final class ErrorInfoJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private ErrorInfoJson() {}

  /** The {@code error_info} JSON of a payload. */
  public static String of(AuditPayload p) {
    ObjectNode root = MAPPER.createObjectNode();
    for (LlmPhase phase : LlmPhase.values()) {
      LlmUsage u = p.llmPhases().get(phase);
      if (u != null) {
        root.putObject(phase.key())
            .put("cost_usd", u.costUsd())
            .put("model", u.model())
            .put("input_tokens", u.inputTokens())
            .put("output_tokens", u.outputTokens());
      }
    }
    root.put("total_cost_usd", p.totalCostUsd());
    ArrayNode errors = root.putArray("errors");
    p.errors().forEach(e -> errors.addObject().put("phase", e.phase()).put("message", e.message()));
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize error_info", e);
    }
  }

  /**
   * Parses {@code error_info} text.
   *
   * @throws IllegalArgumentException when it is not a JSON object
   */
  public static JsonNode parse(String json) {
    try {
      JsonNode n = MAPPER.readTree(json);
      if (n == null || !n.isObject()) {
        throw new IllegalArgumentException("error_info: not a JSON object");
      }
      return n;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("error_info: invalid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * The per-phase costs held in {@code error_info}.
   *
   * @throws IllegalArgumentException when the JSON is invalid or a phase cost is missing
   */
  public static Map<LlmPhase, BigDecimal> phaseCosts(String json) {
    JsonNode root = parse(json);
    Map<LlmPhase, BigDecimal> costs = new EnumMap<>(LlmPhase.class);
    for (LlmPhase phase : LlmPhase.values()) {
      JsonNode cost = root.path(phase.key()).path("cost_usd");
      if (!cost.isNumber()) {
        throw new IllegalArgumentException("error_info: " + phase.key() + ".cost_usd is missing");
      }
      costs.put(phase, cost.decimalValue());
    }
    return costs;
  }

  /**
   * What is wrong with a stored row's {@code error_info} given its {@code cost} column: invalid
   * JSON, a missing phase cost, or phase costs not adding up to the cost. Empty when consistent.
   */
  public static List<String> problems(String json, double cost) {
    List<String> problems = new ArrayList<>();
    Map<LlmPhase, BigDecimal> costs;
    try {
      costs = phaseCosts(json);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
      return problems;
    }
    BigDecimal sum = costs.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    if (sum.doubleValue() != cost) {
      problems.add(
          "error_info: phase costs add up to " + sum.toPlainString() + " but cost is " + cost);
    }
    JsonNode total = parse(json).path("total_cost_usd");
    if (total.isNumber() && total.decimalValue().compareTo(sum) != 0) {
      problems.add(
          "error_info: total_cost_usd "
              + total.decimalValue().toPlainString()
              + " differs from the phase sum "
              + sum.toPlainString());
    }
    return problems;
  }
}
