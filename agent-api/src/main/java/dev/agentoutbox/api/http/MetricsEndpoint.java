package dev.agentoutbox.api.http;

import com.sun.net.httpserver.HttpExchange;
import dev.agentoutbox.api.handoff.HandOff;
import dev.agentoutbox.api.handoff.HandOffHealth;
import dev.agentoutbox.api.metrics.ApiMetrics;
import dev.agentoutbox.api.metrics.PrometheusText;

/** {@code GET /metrics}: Prometheus text format. */
public final class MetricsEndpoint implements Endpoint {
  private final ApiMetrics metrics;
  private final HandOff handOff;

  public MetricsEndpoint(ApiMetrics metrics, HandOff handOff) {
    this.metrics = metrics;
    this.handOff = handOff;
  }

  @Override
  public Response handle(HttpExchange ex, RequestContext ctx) {
    HandOffHealth health;
    try {
      health = handOff.health();
    } catch (RuntimeException e) {
      health = null;
    }
    return Response.text(200, PrometheusText.CONTENT_TYPE, metrics.scrape(health));
  }
}
