package dev.agentoutbox.api.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.agentoutbox.api.metrics.ApiMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches by exact path and method, turns every outcome into a JSON response, records metrics
 * and writes one log line per request (audit id, status; never the body, the answer or user data).
 */
public final class Router implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(Router.class);

  private final Map<String, Map<String, Endpoint>> routes = new LinkedHashMap<>();
  private final Set<String> quietRoutes;
  private final ApiMetrics metrics;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean draining;

  /**
   * @param quietRoutes routes logged at DEBUG only (probes and scrapes)
   */
  public Router(ApiMetrics metrics, Set<String> quietRoutes) {
    this.metrics = metrics;
    this.quietRoutes = Set.copyOf(quietRoutes);
  }

  public Router route(String method, String path, Endpoint endpoint) {
    routes.computeIfAbsent(path, p -> new LinkedHashMap<>()).put(method, endpoint);
    return this;
  }

  /** From now on every request is answered 503 {@code shutting_down}; nothing is handed off. */
  public void drain() {
    draining = true;
  }

  /** Requests being handled right now. */
  public int inFlight() {
    return inFlight.get();
  }

  @Override
  public void handle(HttpExchange ex) {
    inFlight.incrementAndGet();
    long t0 = System.nanoTime();
    RequestContext ctx = new RequestContext();
    Response response =
        draining
            ? Response.error(
                new ApiException(
                    503,
                    "shutting_down",
                    "the server is shutting down; retry on another instance",
                    List.of(),
                    Map.of("Connection", "close")))
            : dispatch(ex, ctx);
    try {
      write(ex, response);
    } catch (IOException e) {
      LOG.warn(
          "audit_id={} response {} not delivered, client went away ({}); a handed-off record stays"
              + " in the outbox",
          ctx.auditId == null ? "-" : ctx.auditId,
          response.status(),
          e.toString());
    } finally {
      ex.close();
      inFlight.decrementAndGet();
      metrics.request(ctx.route, response.status());
      log(ex, ctx, response.status(), TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - t0));
    }
  }

  private Response dispatch(HttpExchange ex, RequestContext ctx) {
    String path = ex.getRequestURI().getPath();
    try {
      Map<String, Endpoint> methods = routes.get(path);
      if (methods == null) {
        throw new ApiException(404, "not_found", "no route " + path);
      }
      ctx.route = path;
      Endpoint endpoint = methods.get(ex.getRequestMethod());
      if (endpoint == null) {
        throw new ApiException(
            405,
            "method_not_allowed",
            ex.getRequestMethod() + " not allowed on " + path + "; allowed: " + methods.keySet(),
            List.of(),
            Map.of("Allow", String.join(", ", methods.keySet())));
      }
      return endpoint.handle(ex, ctx);
    } catch (ApiException e) {
      ctx.error = e.code();
      return Response.error(e);
    } catch (IOException e) {
      ctx.error = "body_unreadable";
      return Response.error(
          new ApiException(400, "body_unreadable", "request body could not be read"));
    } catch (RuntimeException e) {
      ctx.error = "internal_error";
      LOG.error(
          "audit_id={} {} {} failed with {}; answered 500, the client may retry",
          ctx.auditId == null ? "-" : ctx.auditId,
          ex.getRequestMethod(),
          ctx.route,
          e.getClass().getName(),
          e);
      return Response.error(new ApiException(500, "internal_error", "internal error"));
    }
  }

  private static void write(HttpExchange ex, Response r) throws IOException {
    ex.getResponseHeaders().set("Content-Type", r.contentType());
    r.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    ex.sendResponseHeaders(r.status(), r.body().length == 0 ? -1 : r.body().length);
    if (r.body().length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(r.body());
      }
    }
  }

  private void log(HttpExchange ex, RequestContext ctx, int status, long micros) {
    boolean quiet = quietRoutes.contains(ctx.route) && status < 500;
    if (quiet && !LOG.isDebugEnabled()) {
      return;
    }
    StringBuilder line =
        new StringBuilder(160)
            .append(ex.getRequestMethod())
            .append(' ')
            .append(ctx.route)
            .append(' ')
            .append(status)
            .append(" audit_id=")
            .append(ctx.auditId == null ? "-" : ctx.auditId);
    if (ctx.audit != null) {
      line.append(" audit=").append(ctx.audit).append(" handoff_us=").append(ctx.handOffMicros);
    }
    if (ctx.error != null) {
      line.append(" error=").append(ctx.error);
    }
    line.append(" duration_us=").append(micros);
    if (quiet) {
      LOG.debug("{}", line);
    } else {
      LOG.info("{}", line);
    }
  }
}
