package dev.agentoutbox.payload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * JSON form of {@link AuditPayload} (snake_case field names, ISO-8601 instants, decimal costs).
 *
 * <p>Parsing is strict: unknown fields, wrong types, missing fields and violated invariants are all
 * reported together, each with the path of its field.
 */
public final class PayloadCodec {
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  private static final Set<String> TOP_LEVEL =
      Set.of(
          "schema_version",
          "audit_id",
          "session_id",
          "user_id",
          "country",
          "query_anonymized",
          "response_summary",
          "phase_durations_ms",
          "llm_phases",
          "total_cost_usd",
          "errors",
          "started_at",
          "completed_at");
  private static final Set<String> USAGE_FIELDS =
      Set.of("model", "input_tokens", "output_tokens", "cost_usd");

  private PayloadCodec() {}

  /** The shared mapper configured for payload JSON (big decimals, no trailing tokens). */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static String toJson(AuditPayload p) {
    try {
      return MAPPER.writeValueAsString(toNode(p));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize payload " + p.auditId(), e);
    }
  }

  public static ObjectNode toNode(AuditPayload p) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("schema_version", p.schemaVersion());
    n.put("audit_id", p.auditId().toString());
    n.put("session_id", p.sessionId());
    n.put("user_id", p.userId());
    n.put("country", p.country());
    n.put("query_anonymized", p.queryAnonymized());
    n.put("response_summary", p.responseSummary());
    ObjectNode durations = n.putObject("phase_durations_ms");
    p.phaseDurationsMs().forEach((phase, ms) -> durations.put(phase.key(), ms));
    ObjectNode llm = n.putObject("llm_phases");
    p.llmPhases()
        .forEach(
            (phase, u) -> {
              ObjectNode o = llm.putObject(phase.key());
              o.put("model", u.model());
              o.put("input_tokens", u.inputTokens());
              o.put("output_tokens", u.outputTokens());
              o.put("cost_usd", u.costUsd());
            });
    n.put("total_cost_usd", p.totalCostUsd());
    ArrayNode errs = n.putArray("errors");
    p.errors().forEach(e -> errs.addObject().put("phase", e.phase()).put("message", e.message()));
    n.put("started_at", p.startedAt().toString());
    n.put("completed_at", p.completedAt().toString());
    return n;
  }

  /**
   * Parses and validates a payload.
   *
   * @throws PayloadValidationException with every offending field, also for malformed JSON
   */
  public static AuditPayload parse(String json) throws PayloadValidationException {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new PayloadValidationException(
          List.of(new FieldError("$", "malformed JSON: " + e.getOriginalMessage())));
    }
    if (root == null) {
      throw new PayloadValidationException(List.of(new FieldError("$", "empty body")));
    }
    return fromNode(root);
  }

  /** Validates an already parsed JSON tree; see {@link #parse(String)}. */
  public static AuditPayload fromNode(JsonNode root) throws PayloadValidationException {
    if (!root.isObject()) {
      throw new PayloadValidationException(List.of(new FieldError("$", "must be a JSON object")));
    }
    Reader r = new Reader();
    rejectUnknown(r.errors, root, TOP_LEVEL, "");
    int version = r.integer(root, "schema_version", AuditPayload.SCHEMA_VERSION);
    UUID auditId = r.uuid(root, "audit_id");
    String sessionId = r.text(root, "session_id");
    String userId = r.text(root, "user_id");
    String country = r.text(root, "country");
    String query = r.text(root, "query_anonymized");
    String summary = r.text(root, "response_summary");

    Map<Phase, Long> durations = new EnumMap<>(Phase.class);
    JsonNode d = r.object(root, "phase_durations_ms");
    if (d != null) {
      for (Iterator<String> it = d.fieldNames(); it.hasNext(); ) {
        String key = it.next();
        String path = "phase_durations_ms." + key;
        Phase phase = Phase.fromKey(key).orElse(null);
        if (phase == null) {
          r.errors.add(new FieldError(path, "unknown phase"));
        } else {
          Long v = r.longValue(d.get(key), path);
          if (v != null) {
            durations.put(phase, v);
          }
        }
      }
    }

    Map<LlmPhase, LlmUsage> usage = new EnumMap<>(LlmPhase.class);
    JsonNode l = r.object(root, "llm_phases");
    if (l != null) {
      for (Iterator<String> it = l.fieldNames(); it.hasNext(); ) {
        String key = it.next();
        String path = "llm_phases." + key;
        LlmPhase phase = LlmPhase.fromKey(key).orElse(null);
        JsonNode u = l.get(key);
        if (phase == null) {
          r.errors.add(
              new FieldError(path, "unknown LLM phase (classification, synthesis, validation)"));
        } else if (!u.isObject()) {
          r.errors.add(new FieldError(path, "must be an object"));
        } else {
          rejectUnknown(r.errors, u, USAGE_FIELDS, path + ".");
          String model = r.text(u, "model", path + ".model");
          Long in = r.longValue(u.get("input_tokens"), path + ".input_tokens");
          Long out = r.longValue(u.get("output_tokens"), path + ".output_tokens");
          BigDecimal cost = r.decimal(u.get("cost_usd"), path + ".cost_usd");
          if (model != null && in != null && out != null && cost != null) {
            usage.put(phase, new LlmUsage(model, in, out, cost));
          }
        }
      }
    }
    BigDecimal total = r.decimal(root.get("total_cost_usd"), "total_cost_usd");

    List<AuditError> errors = new ArrayList<>();
    JsonNode e = root.get("errors");
    if (e != null && !e.isNull()) {
      if (!e.isArray()) {
        r.errors.add(new FieldError("errors", "must be an array"));
      } else {
        for (int i = 0; i < e.size(); i++) {
          String path = "errors[" + i + "]";
          JsonNode item = e.get(i);
          if (!item.isObject()) {
            r.errors.add(new FieldError(path, "must be an object"));
            continue;
          }
          rejectUnknown(r.errors, item, Set.of("phase", "message"), path + ".");
          String phase = r.text(item, "phase", path + ".phase");
          String message = r.text(item, "message", path + ".message");
          if (phase != null && message != null) {
            errors.add(new AuditError(phase, message));
          }
        }
      }
    }
    Instant started = r.instant(root, "started_at");
    Instant completed = r.instant(root, "completed_at");

    if (!r.errors.isEmpty()) {
      throw new PayloadValidationException(r.errors);
    }
    AuditPayload p =
        new AuditPayload(
            version, auditId, sessionId, userId, country, query, summary, durations, usage, total,
            errors, started, completed);
    List<FieldError> invariants = PayloadValidator.validate(p);
    if (!invariants.isEmpty()) {
      throw new PayloadValidationException(invariants);
    }
    return p;
  }

  private static void rejectUnknown(
      List<FieldError> errors, JsonNode node, Set<String> known, String prefix) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!known.contains(f)) {
        errors.add(new FieldError(prefix + f, "unknown field"));
      }
    }
  }

  private static final class Reader {
    final List<FieldError> errors = new ArrayList<>();

    String text(JsonNode parent, String field) {
      return text(parent, field, field);
    }

    String text(JsonNode parent, String field, String path) {
      JsonNode n = parent.get(field);
      if (n == null || n.isNull()) {
        errors.add(new FieldError(path, "is required"));
        return null;
      }
      if (!n.isTextual()) {
        errors.add(new FieldError(path, "must be a string"));
        return null;
      }
      return n.asText();
    }

    int integer(JsonNode parent, String field, int dflt) {
      JsonNode n = parent.get(field);
      if (n == null || n.isNull()) {
        return dflt;
      }
      if (!n.isIntegralNumber() || !n.canConvertToInt()) {
        errors.add(new FieldError(field, "must be an integer"));
        return dflt;
      }
      return n.intValue();
    }

    Long longValue(JsonNode n, String path) {
      if (n == null || n.isNull()) {
        errors.add(new FieldError(path, "is required"));
        return null;
      }
      if (!n.isIntegralNumber() || !n.canConvertToLong()) {
        errors.add(new FieldError(path, "must be an integer"));
        return null;
      }
      return n.longValue();
    }

    BigDecimal decimal(JsonNode n, String path) {
      if (n == null || n.isNull()) {
        errors.add(new FieldError(path, "is required"));
        return null;
      }
      if (n.isNumber()) {
        return n.decimalValue();
      }
      if (n.isTextual()) {
        try {
          return new BigDecimal(n.asText());
        } catch (NumberFormatException ex) {
          errors.add(new FieldError(path, "must be a decimal number"));
          return null;
        }
      }
      errors.add(new FieldError(path, "must be a number"));
      return null;
    }

    UUID uuid(JsonNode parent, String field) {
      String s = text(parent, field);
      if (s == null) {
        return null;
      }
      try {
        UUID u = UUID.fromString(s);
        if (!u.toString().equalsIgnoreCase(s)) {
          throw new IllegalArgumentException();
        }
        return u;
      } catch (IllegalArgumentException ex) {
        errors.add(new FieldError(field, "must be a UUID"));
        return null;
      }
    }

    Instant instant(JsonNode parent, String field) {
      String s = text(parent, field);
      if (s == null) {
        return null;
      }
      try {
        return Instant.parse(s);
      } catch (DateTimeParseException ex) {
        errors.add(
            new FieldError(field, "must be an ISO-8601 instant such as 2026-12-04T10:15:30Z"));
        return null;
      }
    }

    JsonNode object(JsonNode parent, String field) {
      JsonNode n = parent.get(field);
      if (n == null || n.isNull()) {
        errors.add(new FieldError(field, "is required"));
        return null;
      }
      if (!n.isObject()) {
        errors.add(new FieldError(field, "must be an object"));
        return null;
      }
      return n;
    }
  }
}
