package dev.agentoutbox.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentoutbox.testkit.ChildProcess;
import dev.agentoutbox.testkit.FreePort;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * agent-api and N audit-worker processes started from the built jars, on loopback, with the
 * environment a deployment would give them. Used by the demo, the end-to-end tests and the chaos
 * suite.
 */
public final class Pipeline implements AutoCloseable {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient PROBE =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Options options;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private ChildProcess api;
  private int apiPort;
  private final List<ChildProcess> workers = new ArrayList<>();
  private int apiStarts;
  private final List<Integer> workerStarts = new ArrayList<>();

  /**
   * What to run.
   *
   * @param root repository root (holds agent-api/target/agent-api.jar and
   *     audit-worker/target/audit-worker.jar)
   * @param workDir logs, spool and SQLite files
   * @param redisUrl the queue
   * @param workerEnv governance, MLflow and retry settings of the workers
   * @param workers worker processes to start
   */
  public record Options(
      Path root, Path workDir, String redisUrl, Map<String, String> workerEnv, int workers) {
    public Options {
      Objects.requireNonNull(root, "root");
      Objects.requireNonNull(workDir, "workDir");
      Objects.requireNonNull(redisUrl, "redisUrl");
      workerEnv = Map.copyOf(workerEnv);
    }
  }

  public Pipeline(Options options) {
    this.options = options;
  }

  /** The repository root: {@code -Dagentoutbox.root}, else the working directory. */
  public static Path repositoryRoot() {
    String p = System.getProperty("agentoutbox.root");
    return (p == null ? Path.of("") : Path.of(p)).toAbsolutePath().normalize();
  }

  public Pipeline start() throws IOException {
    Files.createDirectories(options.workDir());
    requireJar(apiJar());
    requireJar(workerJar());
    startApi();
    for (int i = 0; i < options.workers(); i++) {
      workers.add(null);
      workerStarts.add(0);
      startWorker(i);
    }
    return this;
  }

  private static void requireJar(Path jar) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing: build it first with ./mvnw -DskipTests package");
    }
  }

  public Path apiJar() {
    return options.root().resolve("agent-api/target/agent-api.jar");
  }

  public Path workerJar() {
    return options.root().resolve("audit-worker/target/audit-worker.jar");
  }

  private static String java() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  /** Starts (or restarts) agent-api on a fresh port and waits until it answers /healthz. */
  public void startApi() {
    if (apiPort == 0) {
      apiPort = FreePort.find();
    }
    Map<String, String> env = new HashMap<>();
    env.put("PORT", Integer.toString(apiPort));
    env.put("REDIS_URL", options.redisUrl());
    env.put("SPOOL_DIR", options.workDir().resolve("spool").toString());
    api =
        ChildProcess.start(
            "agent-api",
            List.of(java(), "-Xmx256m", "-jar", apiJar().toString()),
            env,
            options.workDir(),
            options.workDir().resolve("agent-api-" + (apiStarts++) + ".log"));
    awaitHttp(apiUrl() + "/healthz", Duration.ofSeconds(60), api);
  }

  /** Starts (or restarts) worker {@code i} and waits until it is ready. */
  public void startWorker(int i) {
    int healthPort = FreePort.find();
    Map<String, String> env = new HashMap<>(options.workerEnv());
    env.put("REDIS_URL", options.redisUrl());
    env.put("HEALTH_PORT", Integer.toString(healthPort));
    int n = workerStarts.get(i);
    workerStarts.set(i, n + 1);
    ChildProcess w =
        ChildProcess.start(
            "audit-worker-" + i,
            List.of(java(), "-Xmx384m", "-jar", workerJar().toString(), "run"),
            env,
            options.workDir(),
            options.workDir().resolve("audit-worker-" + i + "-" + n + ".log"));
    workers.set(i, w);
    awaitHttp("http://127.0.0.1:" + healthPort + "/healthz", Duration.ofSeconds(60), w);
  }

  public String apiUrl() {
    return "http://127.0.0.1:" + apiPort;
  }

  public ChildProcess api() {
    return api;
  }

  public ChildProcess worker(int i) {
    return workers.get(i);
  }

  public int workerCount() {
    return workers.size();
  }

  /** The API's /healthz document. */
  public com.fasterxml.jackson.databind.JsonNode apiHealth()
      throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(apiUrl() + "/healthz"))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return MAPPER.readTree(r.body());
  }

  /** SIGKILL of worker {@code i}; it stays down until {@link #startWorker}. */
  public void killWorker(int i) {
    workers.get(i).kill();
  }

  /** SIGKILL of the API; it stays down until {@link #startApi}. */
  public void killApi() {
    api.kill();
  }

  /** POSTs a JSON body; returns status and parsed body. */
  public Reply post(String path, String json) throws IOException, InterruptedException {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(apiUrl() + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build();
    HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
    JsonNode body;
    try {
      body = MAPPER.readTree(r.body());
    } catch (IOException e) {
      body = MAPPER.createObjectNode().put("raw", r.body());
    }
    return new Reply(r.statusCode(), body);
  }

  /** The reference query: "What is my EPS pension benefit?" for member IN003 (IN). */
  public Reply referenceQuery() throws IOException, InterruptedException {
    return post(
        "/v1/query",
        "{\"user_id\":\"IN003\",\"country\":\"IN\",\"query\":\"What is my EPS pension benefit?\"}");
  }

  /** An HTTP answer. */
  public record Reply(int status, JsonNode body) {}

  /**
   * Waits until {@code url} answers (any status below 500, or 503 for a not-yet-ready health
   * check); fails fast with the log tail when {@code process} exits first.
   */
  public static void awaitHttp(String url, Duration timeout, ChildProcess process) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            process.name() + " exited during start; log tail:\n" + process.logTail());
      }
      try {
        HttpResponse<Void> r =
            PROBE.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() < 500 || r.statusCode() == 503) {
          return;
        }
      } catch (IOException e) {
        // not up yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException(
        process.name()
            + " did not answer "
            + url
            + " within "
            + timeout
            + "; log tail:\n"
            + process.logTail());
  }

  /** Graceful stop (SIGTERM, then SIGKILL after the grace period). */
  @Override
  public void close() {
    for (ChildProcess w : workers) {
      if (w != null) {
        w.terminate(Duration.ofSeconds(30));
      }
    }
    if (api != null) {
      api.terminate(Duration.ofSeconds(15));
    }
  }
}
