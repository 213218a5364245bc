package dev.agentoutbox.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * A real MLflow tracking server: {@code mlflow server} from a virtualenv with a SQLite backend
 * store in a temporary directory, or the MLflow image when {@link ServerMode#useContainers()}.
 *
 * <p>{@link #shared()} is one server per JVM (or the one named by {@value #ENV_URI}) and may not be
 * stopped by tests. {@link #start()} starts a private server that tests may {@link #kill()} and
 * {@link #startAgain()} (same port, same database) to simulate an outage.
 */
public final class MlflowServer implements AutoCloseable {

  public static final String ENV_URI = "AGENT_OUTBOX_TEST_MLFLOW_URI";
  public static final String ENV_VENV = "AGENT_OUTBOX_MLFLOW_VENV";
  public static final String ENV_STARTUP_TIMEOUT = "AGENT_OUTBOX_MLFLOW_STARTUP_TIMEOUT_SECONDS";
  public static final Path DEFAULT_VENV = Env.home().resolve(".cache/agent-outbox/mlflow-venv");
  public static final String DEFAULT_IMAGE = "ghcr.io/mlflow/mlflow:v3.17.2";
  public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(60);

  private static final Logger LOG = LoggerFactory.getLogger(MlflowServer.class);
  private static final String LOOPBACK = "127.0.0.1";
  private static final int CONTAINER_PORT = 5000;
  private static final String READY_PATH = "/api/2.0/mlflow/experiments/search?max_results=1";
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration STOP_GRACE = Duration.ofSeconds(15);
  private static final int BIND_ATTEMPTS = 3;

  /**
   * Keeps the server light on a 2-core machine: no background job runner (it forks about seven Huey
   * consumer processes that tests never need) and no telemetry.
   */
  private static final Map<String, String> SERVER_ENV =
      Map.of(
          "MLFLOW_SERVER_ENABLE_JOB_EXECUTION", "false",
          "MLFLOW_DISABLE_TELEMETRY", "true",
          "DO_NOT_TRACK", "true",
          "PYTHONUNBUFFERED", "1");

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();
  private static MlflowServer shared;

  private final Backend backend;
  private final boolean controllable;

  private MlflowServer(Backend backend, boolean controllable) {
    this.backend = backend;
    this.controllable = controllable;
  }

  /** The JVM-wide server: {@value #ENV_URI} if set, else one started on first use. */
  public static synchronized MlflowServer shared() {
    if (shared == null) {
      Optional<String> uri = Env.get(ENV_URI);
      Backend backend = uri.isPresent() ? new ExternalBackend(uri.get()) : startBackend();
      shared = new MlflowServer(backend, false);
      Runtime.getRuntime().addShutdownHook(new Thread(backend::close, "testkit-mlflow-stop"));
    }
    return shared;
  }

  /** Starts a private server that this caller owns and may stop, kill and start again. */
  public static MlflowServer start() {
    return new MlflowServer(startBackend(), true);
  }

  /** {@code http://127.0.0.1:PORT}, to use as MLFLOW_TRACKING_URI. */
  public String trackingUri() {
    return backend.trackingUri();
  }

  /** SIGTERM, then SIGKILL after a grace period; the database stays for {@link #startAgain()}. */
  public synchronized void stop() {
    requireControllable("stop");
    backend.stop();
  }

  /** SIGKILL of the server and its worker processes, as in a crash. */
  public synchronized void kill() {
    requireControllable("kill");
    backend.kill();
  }

  /** Starts the server again on the same port with the same database; waits until it answers. */
  public synchronized void startAgain() {
    requireControllable("startAgain");
    if (backend.isRunning()) {
      throw new IllegalStateException("MLflow at " + trackingUri() + " is already running");
    }
    backend.start();
  }

  public synchronized boolean isRunning() {
    return backend.isRunning();
  }

  /** Stops a server from {@link #start()} and deletes its data; a no-op for {@link #shared()}. */
  @Override
  public synchronized void close() {
    if (controllable) {
      backend.close();
    }
  }

  @Override
  public String toString() {
    return "MlflowServer[" + trackingUri() + ", " + backend + "]";
  }

  private void requireControllable(String action) {
    if (!controllable) {
      throw new UnsupportedOperationException(
          "Cannot "
              + action
              + " the shared MLflow server: other tests use it. Use MlflowServer.start() for a"
              + " server of your own.");
    }
  }

  private static Backend startBackend() {
    long started = System.nanoTime();
    Backend backend = ServerMode.useContainers() ? new ContainerBackend() : new LocalBackend();
    LOG.info(
        "MLflow ready at {} in {} ms ({})",
        backend.trackingUri(),
        (System.nanoTime() - started) / 1_000_000,
        backend);
    return backend;
  }

  private static Duration startupTimeout() {
    return Env.get(ENV_STARTUP_TIMEOUT)
        .map(
            seconds -> {
              try {
                return Duration.ofSeconds(Long.parseLong(seconds));
              } catch (NumberFormatException e) {
                throw new IllegalStateException(
                    ENV_STARTUP_TIMEOUT + " must be a number of seconds: " + seconds, e);
              }
            })
        .orElse(DEFAULT_STARTUP_TIMEOUT);
  }

  private static boolean answers(String trackingUri) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(trackingUri + READY_PATH))
            .timeout(PROBE_TIMEOUT)
            .GET()
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
  }

  private interface Backend {
    String trackingUri();

    /** Starts the server and waits until the tracking API answers. */
    void start();

    void stop();

    void kill();

    boolean isRunning();

    void close();
  }

  private static final class LocalBackend implements Backend {
    private final Path venv;
    private final Path mlflow;
    private final Path dir;
    private final Path logFile;
    private final Duration startupTimeout;
    private int port;
    private ChildProcess process;

    LocalBackend() {
      this.venv = Env.get(ENV_VENV).map(Path::of).orElse(DEFAULT_VENV);
      this.mlflow = venv.resolve("bin/mlflow");
      if (!Files.isExecutable(mlflow)) {
        throw new IllegalStateException(
            "No MLflow at "
                + mlflow
                + " (venv from "
                + (Env.get(ENV_VENV).isPresent() ? ENV_VENV : "the default " + DEFAULT_VENV)
                + "). Create it with `source scripts/lib/provision.sh && ensure_mlflow_venv`"
                + " (scripts/test does), set "
                + ENV_VENV
                + " to a virtualenv with mlflow installed, or point "
                + ENV_URI
                + " at a running server.");
      }
      this.startupTimeout = startupTimeout();
      this.dir = WorkDirs.create("mlflow");
      this.logFile = dir.resolve("mlflow.log");
      this.port = FreePort.find();
      for (int attempt = 1; ; attempt++) {
        try {
          start();
          return;
        } catch (IllegalStateException e) {
          boolean portTaken = ProcessLogs.tail(logFile).contains("already in use");
          if (!portTaken || attempt == BIND_ATTEMPTS) {
            close();
            throw e;
          }
          LOG.info("Port {} was taken before MLflow could bind it; trying another", port);
          port = FreePort.find();
        }
      }
    }

    @Override
    public String trackingUri() {
      return "http://" + LOOPBACK + ":" + port;
    }

    @Override
    public void start() {
      List<String> command = new ArrayList<>();
      command.addAll(List.of(mlflow.toString(), "server"));
      command.addAll(List.of("--host", LOOPBACK, "--port", Integer.toString(port)));
      command.addAll(List.of("--workers", "1"));
      command.addAll(List.of("--backend-store-uri", "sqlite:///" + dir.resolve("mlflow.db")));
      command.addAll(
          List.of("--default-artifact-root", dir.resolve("artifacts").toUri().toString()));
      ChildProcess child = ChildProcess.start("mlflow:" + port, command, SERVER_ENV, dir, logFile);
      process = child;
      String uri = trackingUri();
      Await.until(
          startupTimeout,
          () -> answers(uri),
          child::isAlive,
          reason ->
              String.format(
                  "MLflow server at %s: %s (venv %s, log %s). Last log lines:%n%s",
                  uri, reason, venv, logFile, child.logTail()));
    }

    @Override
    public void stop() {
      if (process != null) {
        process.terminate(STOP_GRACE);
      }
    }

    @Override
    public void kill() {
      if (process != null) {
        process.kill();
      }
    }

    @Override
    public boolean isRunning() {
      return process != null && process.isAlive();
    }

    @Override
    public void close() {
      kill();
      WorkDirs.delete(dir);
    }

    @Override
    public String toString() {
      return "local, venv " + venv + ", dir " + dir + ", log " + logFile;
    }
  }

  private static final class ContainerBackend implements Backend {
    private final int port;
    private final Duration startupTimeout;
    private final ContainerControl control;

    ContainerBackend() {
      this.port = FreePort.find();
      this.startupTimeout = startupTimeout();
      GenericContainer<?> container =
          new GenericContainer<>(DockerImageName.parse(DEFAULT_IMAGE))
              .withEnv(SERVER_ENV)
              .withCommand(
                  "mlflow",
                  "server",
                  "--host",
                  "0.0.0.0",
                  "--port",
                  Integer.toString(CONTAINER_PORT),
                  "--workers",
                  "1",
                  "--backend-store-uri",
                  "sqlite:////tmp/mlflow.db",
                  "--default-artifact-root",
                  "file:///tmp/mlflow-artifacts",
                  // Clients reach the container through a mapped port, often by a name that is
                  // not localhost: accept any Host header in this throwaway server.
                  "--allowed-hosts",
                  "*")
              .waitingFor(Wait.forHttp("/health").forStatusCode(200))
              .withStartupTimeout(startupTimeout);
      ContainerControl.bindFixedPort(container, port, CONTAINER_PORT);
      container.start();
      this.control = new ContainerControl(container);
    }

    @Override
    public String trackingUri() {
      return "http://" + control.host() + ":" + port;
    }

    @Override
    public void start() {
      control.start();
      String uri = trackingUri();
      Await.until(
          startupTimeout,
          () -> answers(uri),
          control::isRunning,
          reason ->
              String.format("MLflow container at %s: %s. Logs:%n%s", uri, reason, control.logs()));
    }

    @Override
    public void stop() {
      if (control.isRunning()) {
        control.stop();
      }
    }

    @Override
    public void kill() {
      if (control.isRunning()) {
        control.kill();
      }
    }

    @Override
    public boolean isRunning() {
      return control.isRunning();
    }

    @Override
    public void close() {
      control.remove();
    }

    @Override
    public String toString() {
      return "container " + DEFAULT_IMAGE;
    }
  }

  private static final class ExternalBackend implements Backend {
    private final String uri;

    ExternalBackend(String uri) {
      this.uri = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }

    @Override
    public String trackingUri() {
      return uri;
    }

    @Override
    public void start() {
      throw new UnsupportedOperationException("MLflow at " + uri + " is not managed by testkit");
    }

    @Override
    public void stop() {
      start();
    }

    @Override
    public void kill() {
      start();
    }

    @Override
    public boolean isRunning() {
      try {
        return answers(uri);
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    @Override
    public void close() {}

    @Override
    public String toString() {
      return "external server from " + ENV_URI;
    }
  }
}
