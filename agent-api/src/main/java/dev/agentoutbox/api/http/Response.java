package dev.agentoutbox.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A complete response, built before anything is written to the client.
 *
 * @param status HTTP status
 * @param contentType value of the Content-Type header
 * @param body the bytes to send
 * @param headers extra headers
 */
public record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
  public Response {
    headers = Map.copyOf(headers);
  }

  public static Response json(int status, JsonNode body) {
    return new Response(status, Json.CONTENT_TYPE, Json.bytes(body), Map.of());
  }

  public static Response text(int status, String contentType, String body) {
    return new Response(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  public static Response error(ApiException e) {
    return new Response(
        e.status(),
        Json.CONTENT_TYPE,
        Json.bytes(Json.error(e.code(), e.reason(), e.fields())),
        e.headers());
  }
}
