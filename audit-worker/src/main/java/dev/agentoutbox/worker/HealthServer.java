package dev.agentoutbox.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/** {@code /healthz} (process up), {@code /readyz} (able to work) and {@code /metrics}. */
public final class HealthServer implements AutoCloseable {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final HttpServer server;

  public HealthServer(int port, WorkerRuntime runtime, WorkerMetrics metrics) throws IOException {
    server = HttpServer.create(new InetSocketAddress(port), 16);
    server.setExecutor(Executors.newFixedThreadPool(2, r -> daemon(r)));
    server.createContext(
        "/healthz", ex -> send(ex, 200, "application/json", json(runtime.health())));
    server.createContext(
        "/readyz",
        ex -> send(ex, runtime.isReady() ? 200 : 503, "application/json", json(runtime.health())));
    server.createContext(
        "/metrics",
        ex -> send(ex, 200, "text/plain; version=0.0.4", metrics.render(runtime.gauges())));
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "health-http");
    t.setDaemon(true);
    return t;
  }

  private static String json(Object o) {
    try {
      return MAPPER.writeValueAsString(o);
    } catch (IOException e) {
      return "{}";
    }
  }

  private static void send(HttpExchange ex, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
