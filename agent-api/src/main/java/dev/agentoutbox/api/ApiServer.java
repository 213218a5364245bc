package dev.agentoutbox.api;

import com.sun.net.httpserver.HttpServer;
import dev.agentoutbox.agent.Agent;
import dev.agentoutbox.api.handoff.HandOff;
import dev.agentoutbox.api.http.AuditEventsEndpoint;
import dev.agentoutbox.api.http.HandOffGate;
import dev.agentoutbox.api.http.HealthEndpoint;
import dev.agentoutbox.api.http.MetricsEndpoint;
import dev.agentoutbox.api.http.QueryEndpoint;
import dev.agentoutbox.api.http.Router;
import dev.agentoutbox.api.metrics.ApiMetrics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent HTTP API on the JDK HTTP server with a bounded handler pool.
 *
 * <p>Routes: {@code POST /v1/query}, {@code POST /v1/audit-events}, {@code GET /healthz}, {@code
 * GET /metrics}. When every handler thread is busy and the queue is full, new connections are
 * closed without a response (counted in {@code agent_api_rejected_requests_total}); nothing is
 * handed off for them.
 */
public final class ApiServer implements AutoCloseable {
  public static final String QUERY = "/v1/query";
  public static final String AUDIT_EVENTS = "/v1/audit-events";
  public static final String HEALTH = "/healthz";
  public static final String METRICS = "/metrics";

  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
  private static final long DRAIN_POLL_MS = 10;

  private final ApiConfig config;
  private final ApiMetrics metrics = new ApiMetrics();
  private final Router router;
  private HttpServer server;
  private ThreadPoolExecutor executor;
  private volatile int boundPort = -1;

  /**
   * @param config HTTP settings
   * @param agent answers {@code /v1/query}
   * @param handOff takes the Phase 8 payloads; owned by the caller, who closes it after {@link
   *     #close()}
   */
  public ApiServer(ApiConfig config, Agent agent, HandOff handOff) {
    this.config = Objects.requireNonNull(config, "config");
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(handOff, "handOff");
    HandOffGate gate = new HandOffGate(handOff, metrics);
    this.router =
        new Router(metrics, Set.of(HEALTH, METRICS))
            .route("POST", QUERY, new QueryEndpoint(agent, gate, config.maxBodyBytes()))
            .route("POST", AUDIT_EVENTS, new AuditEventsEndpoint(gate, config.maxBodyBytes()))
            .route("GET", HEALTH, new HealthEndpoint(handOff))
            .route("GET", METRICS, new MetricsEndpoint(metrics, handOff));
  }

  /** Binds and starts serving; returns this. */
  public synchronized ApiServer start() throws IOException {
    if (server != null) {
      throw new IllegalStateException("already started");
    }
    executor =
        new ThreadPoolExecutor(
            config.httpThreads(),
            config.httpThreads(),
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(config.httpQueueCapacity()),
            threads(),
            (task, pool) -> {
              metrics.rejected();
              throw new RejectedExecutionException("API handler pool and queue are full");
            });
    ThreadPoolExecutor pool = executor;
    metrics.pool(pool::getActiveCount, () -> pool.getQueue().size());
    HttpServer s =
        HttpServer.create(
            new InetSocketAddress(config.bindAddress(), config.port()), config.backlog());
    s.createContext("/", router);
    s.setExecutor(executor);
    s.start();
    server = s;
    boundPort = s.getAddress().getPort();
    LOG.info(
        "agent API listening on {}:{} ({} handler threads, queue {}, max body {} bytes)",
        config.bindAddress(),
        port(),
        config.httpThreads(),
        config.httpQueueCapacity(),
        config.maxBodyBytes());
    return this;
  }

  /** The bound port (the real one when configured with port 0). */
  public int port() {
    int p = boundPort;
    if (p < 0) {
      throw new IllegalStateException("not started");
    }
    return p;
  }

  /** {@code http://127.0.0.1:<port>} when bound to all interfaces, else the bind address. */
  public URI uri() {
    String host =
        config.bindAddress().equals("0.0.0.0") || config.bindAddress().equals("::")
            ? "127.0.0.1"
            : config.bindAddress();
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port());
  }

  public ApiMetrics metrics() {
    return metrics;
  }

  /**
   * Drains and stops: new requests get 503 {@code shutting_down}, requests in flight get up to the
   * shutdown grace to finish (their hand-off included), then the server and its handler pool stop.
   * Does not close the hand-off.
   */
  @Override
  public synchronized void close() {
    if (server == null) {
      return;
    }
    router.drain();
    long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
    try {
      while (router.inFlight() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(DRAIN_POLL_MS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (router.inFlight() > 0) {
      LOG.warn(
          "{} request(s) still running after the shutdown grace; closing their connections",
          router.inFlight());
    }
    // JDK 17 HttpServer.stop(n) waits the full n seconds even when idle, hence the drain above.
    server.stop(0);
    executor.shutdownNow();
    server = null;
    LOG.info("agent API stopped");
  }

  private static ThreadFactory threads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "api-http-" + n.incrementAndGet());
      t.setDaemon(false);
      return t;
    };
  }
}
