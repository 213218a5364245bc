package dev.agentoutbox.api.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/** Handles one route and method; returns the full response instead of writing it. */
@FunctionalInterface
public interface Endpoint {

  /**
   * @throws ApiException for a request the API refuses (4xx) or cannot serve (5xx)
   * @throws IOException when the request body cannot be read
   */
  Response handle(HttpExchange exchange, RequestContext context) throws ApiException, IOException;
}
