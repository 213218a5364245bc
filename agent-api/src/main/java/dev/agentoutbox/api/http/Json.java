package dev.agentoutbox.api.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentoutbox.payload.FieldError;
import java.io.IOException;
import java.util.List;

/**
 * JSON for the HTTP layer: strict parsing (no duplicate keys, no trailing data), plain decimals.
 */
public final class Json {
  public static final String CONTENT_TYPE = "application/json; charset=utf-8";

  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
          .build();

  private Json() {}

  public static JsonMapper mapper() {
    return MAPPER;
  }

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /**
   * Parses a request body.
   *
   * @throws ApiException 400 {@code malformed_json} for an empty or unparsable body
   */
  public static JsonNode parse(byte[] body) throws ApiException {
    if (body.length == 0) {
      throw malformed("empty body");
    }
    try {
      JsonNode n = MAPPER.readTree(body);
      if (n == null || n.isMissingNode()) {
        throw malformed("empty body");
      }
      return n;
    } catch (JacksonException e) {
      throw malformed("malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw malformed("unreadable body: " + e.getMessage());
    }
  }

  public static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialize JSON", e);
    }
  }

  /** {@code {"error": code, "reason": reason, "fields": [{"field", "message"}]}}. */
  public static ObjectNode error(String code, String reason, List<FieldError> fields) {
    ObjectNode n = object().put("error", code).put("reason", reason);
    ArrayNode f = n.putArray("fields");
    fields.forEach(e -> f.addObject().put("field", e.field()).put("message", e.message()));
    return n;
  }

  private static ApiException malformed(String reason) {
    return new ApiException(400, "malformed_json", reason, List.of(new FieldError("$", reason)));
  }
}
