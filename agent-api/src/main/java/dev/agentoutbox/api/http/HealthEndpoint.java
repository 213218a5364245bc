package dev.agentoutbox.api.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.agentoutbox.api.handoff.HandOff;
import dev.agentoutbox.api.handoff.HandOffHealth;
import java.util.List;

/**
 * {@code GET /healthz}: 200 {@code {"status":"ok"}} while payloads go straight to Redis, 503 with
 * {@code "degraded"} or {@code "down"} otherwise (spooling, or unable to keep records).
 */
public final class HealthEndpoint implements Endpoint {
  private final HandOff handOff;

  public HealthEndpoint(HandOff handOff) {
    this.handOff = handOff;
  }

  @Override
  public Response handle(HttpExchange ex, RequestContext ctx) {
    HandOffHealth health;
    try {
      health = handOff.health();
    } catch (RuntimeException e) {
      health =
          new HandOffHealth(
              HandOffHealth.Status.DOWN,
              0,
              List.of("health check failed: " + e.getClass().getSimpleName()));
    }
    ObjectNode body = Json.object();
    body.put("status", health.isUp() ? "ok" : health.status().key());
    ObjectNode h = body.putObject("handoff");
    h.put("status", health.status().key());
    h.put("spool_depth", health.spoolDepth());
    ArrayNode notes = h.putArray("notes");
    health.notes().forEach(notes::add);
    return Response.json(health.isUp() ? 200 : 503, body);
  }
}
