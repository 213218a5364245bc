package dev.agentoutbox.testkit;

import com.redis.testcontainers.RedisContainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.utility.DockerImageName;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A real Redis for one test class: a {@code redis-server} child process on a free loopback port
 * with its own data directory, or a Redis container when {@link ServerMode#useContainers()}.
 * Persistence matches production: {@code appendonly yes}, {@code appendfsync everysec}, {@code
 * maxmemory-policy noeviction}, no RDB snapshots. {@link #restart()}, {@link #kill()} and {@link
 * #startAgain()} keep the port and the data directory, so AOF data survives a restart.
 */
public final class RedisServer implements AutoCloseable {

  /** Docker image used when servers run as containers. */
  public static final String DEFAULT_IMAGE = "redis:7.2";

  private static final Logger LOG = LoggerFactory.getLogger(RedisServer.class);
  private static final String LOOPBACK = "127.0.0.1";
  private static final int CONTAINER_PORT = 6379;
  private static final int CLIENT_TIMEOUT_MILLIS = 2_000;
  private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(30);
  private static final int BIND_ATTEMPTS = 3;

  private final Backend backend;

  private RedisServer(Backend backend) {
    this.backend = backend;
  }

  /** Starts a server with {@link Options#defaults()}. */
  public static RedisServer start() {
    return start(Options.defaults());
  }

  /** Starts a server and returns once it answers PING. */
  public static RedisServer start(Options options) {
    Objects.requireNonNull(options, "options");
    long started = System.nanoTime();
    Backend backend =
        ServerMode.useContainers() ? new ContainerBackend(options) : new LocalBackend(options);
    RedisServer server = new RedisServer(backend);
    LOG.info(
        "Redis ready at {} in {} ms ({})",
        server.url(),
        (System.nanoTime() - started) / 1_000_000,
        backend);
    return server;
  }

  /** {@code redis://host:port}. */
  public String url() {
    return "redis://" + host() + ":" + port();
  }

  public String host() {
    return backend.host();
  }

  public int port() {
    return backend.port();
  }

  /**
   * Graceful SHUTDOWN (the AOF is flushed and fsynced), then a new server on the same port and data
   * directory. Returns once the new server answers PING, i.e. after the AOF is loaded.
   */
  public synchronized void restart() {
    backend.shutdown();
    backend.start();
  }

  /** SIGKILL: no shutdown work at all, as in a crash. The server stays down. */
  public synchronized void kill() {
    backend.kill();
  }

  /** Starts the server again after {@link #kill()} or {@link #stop()}, same port and data. */
  public synchronized void startAgain() {
    if (backend.isRunning()) {
      throw new IllegalStateException("Redis at " + url() + " is already running");
    }
    backend.start();
  }

  /** Graceful SHUTDOWN; the data stays for {@link #startAgain()}. */
  public synchronized void stop() {
    backend.shutdown();
  }

  public synchronized boolean isRunning() {
    return backend.isRunning();
  }

  /** Deletes every key in every database (FLUSHALL), for test isolation. */
  public void flushAll() {
    try (Jedis jedis = new Jedis(host(), port(), CLIENT_TIMEOUT_MILLIS)) {
      jedis.flushAll();
    }
  }

  /** Stops the server and deletes its data unless the data directory was given in options. */
  @Override
  public synchronized void close() {
    backend.close();
  }

  @Override
  public String toString() {
    return "RedisServer[" + url() + ", " + backend + "]";
  }

  private static boolean ping(String host, int port) {
    try (Jedis jedis = new Jedis(host, port, CLIENT_TIMEOUT_MILLIS)) {
      return "PONG".equals(jedis.ping());
    } catch (JedisException e) {
      return false;
    }
  }

  private static List<String> serverArgs(Options options) {
    List<String> args = new ArrayList<>();
    args.addAll(List.of("--appendonly", "yes"));
    args.addAll(List.of("--appendfsync", options.appendFsync()));
    args.addAll(List.of("--maxmemory-policy", "noeviction"));
    args.addAll(List.of("--save", ""));
    args.addAll(options.extraArgs());
    return args;
  }

  private interface Backend {
    String host();

    int port();

    /** Starts the server and waits for PING. */
    void start();

    /** Graceful shutdown; waits for the server to exit. No-op when not running. */
    void shutdown();

    void kill();

    boolean isRunning();

    void close();
  }

  private static final class LocalBackend implements Backend {
    private final Options options;
    private final Path binary;
    private final Path dataDir;
    private final boolean ownsDataDir;
    private final Path logFile;
    private int port;
    private ChildProcess process;

    LocalBackend(Options options) {
      this.options = options;
      this.binary = options.binary() != null ? options.binary() : RedisBinary.resolve();
      this.ownsDataDir = options.dataDir() == null;
      this.dataDir = ownsDataDir ? WorkDirs.create("redis") : createDirs(options.dataDir());
      this.logFile = dataDir.resolve("redis.log");
      boolean anyPort = options.port() == Options.ANY_FREE_PORT;
      this.port = anyPort ? FreePort.find() : options.port();
      for (int attempt = 1; ; attempt++) {
        try {
          start();
          return;
        } catch (IllegalStateException e) {
          boolean portTaken = ProcessLogs.tail(logFile).contains("Address already in use");
          if (!anyPort || !portTaken || attempt == BIND_ATTEMPTS) {
            close();
            throw e;
          }
          LOG.info("Port {} was taken before redis-server could bind it; trying another", port);
          port = FreePort.find();
        }
      }
    }

    @Override
    public String host() {
      return LOOPBACK;
    }

    @Override
    public int port() {
      return port;
    }

    @Override
    public void start() {
      List<String> command = new ArrayList<>();
      command.add(binary.toString());
      command.addAll(List.of("--port", Integer.toString(port), "--bind", LOOPBACK));
      command.addAll(List.of("--dir", dataDir.toString(), "--daemonize", "no"));
      command.addAll(serverArgs(options));
      ChildProcess child =
          ChildProcess.start("redis-server:" + port, command, Map.of(), dataDir, logFile);
      process = child;
      Await.until(
          options.startupTimeout(),
          () -> ping(LOOPBACK, port),
          child::isAlive,
          reason ->
              String.format(
                  "redis-server on %s:%d: %s (binary %s, log %s). Last log lines:%n%s",
                  LOOPBACK, port, reason, binary, logFile, child.logTail()));
    }

    @Override
    public void shutdown() {
      ChildProcess child = process;
      if (child == null || !child.isAlive()) {
        return;
      }
      try (Jedis jedis = new Jedis(LOOPBACK, port, CLIENT_TIMEOUT_MILLIS)) {
        jedis.shutdown();
      } catch (JedisException e) {
        LOG.warn("SHUTDOWN on {} failed ({}); sending SIGTERM instead", child, e.getMessage());
        child.terminate(SHUTDOWN_WAIT);
        return;
      }
      if (!child.awaitExit(SHUTDOWN_WAIT)) {
        LOG.warn("{} still running {} s after SHUTDOWN; killing it", child, SHUTDOWN_WAIT);
        child.kill();
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
      if (ownsDataDir) {
        kill();
        WorkDirs.delete(dataDir);
      } else {
        shutdown();
      }
    }

    @Override
    public String toString() {
      return "local " + binary + ", dir " + dataDir + ", log " + logFile;
    }

    private static Path createDirs(Path dir) {
      try {
        return Files.createDirectories(dir).toAbsolutePath();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot create Redis data dir " + dir, e);
      }
    }
  }

  private static final class ContainerBackend implements Backend {
    private final Options options;
    private final int port;
    private final ContainerControl control;

    ContainerBackend(Options options) {
      this.options = options;
      this.port = options.port() == Options.ANY_FREE_PORT ? FreePort.find() : options.port();
      List<String> command = new ArrayList<>();
      command.add("redis-server");
      command.addAll(serverArgs(options));
      RedisContainer container =
          new RedisContainer(DockerImageName.parse(DEFAULT_IMAGE))
              .withCommand(command.toArray(String[]::new))
              .withStartupTimeout(options.startupTimeout());
      ContainerControl.bindFixedPort(container, port, CONTAINER_PORT);
      container.start();
      this.control = new ContainerControl(container);
    }

    @Override
    public String host() {
      return control.host();
    }

    @Override
    public int port() {
      return port;
    }

    @Override
    public void start() {
      control.start();
      Await.until(
          options.startupTimeout(),
          () -> ping(host(), port),
          control::isRunning,
          reason ->
              String.format(
                  "Redis container on %s:%d: %s. Logs:%n%s", host(), port, reason, control.logs()));
    }

    @Override
    public void shutdown() {
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

  /**
   * How to start Redis.
   *
   * @param port fixed port, or {@link #ANY_FREE_PORT}
   * @param binary redis-server executable, or null to resolve one (env {@code REDIS_SERVER_BIN},
   *     PATH, then the embedded-redis binary); ignored for containers
   * @param dataDir data directory kept after {@link RedisServer#close()}, or null for a fresh
   *     temporary directory that is deleted on close (ignored for containers)
   * @param appendFsync {@code everysec}, {@code always} or {@code no}
   * @param startupTimeout how long to wait for PING after each start
   * @param extraArgs more {@code --name value} arguments for redis-server
   */
  public record Options(
      int port,
      Path binary,
      Path dataDir,
      String appendFsync,
      Duration startupTimeout,
      List<String> extraArgs) {

    public static final int ANY_FREE_PORT = 0;
    public static final String DEFAULT_APPEND_FSYNC = "everysec";
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(30);
    private static final Set<String> APPEND_FSYNC_VALUES = Set.of("always", "everysec", "no");

    public Options {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be 0 (any free port) or 1-65535: " + port);
      }
      if (!APPEND_FSYNC_VALUES.contains(appendFsync)) {
        throw new IllegalArgumentException(
            "appendFsync must be one of " + APPEND_FSYNC_VALUES + ": " + appendFsync);
      }
      if (startupTimeout == null || startupTimeout.isNegative() || startupTimeout.isZero()) {
        throw new IllegalArgumentException("startupTimeout must be positive: " + startupTimeout);
      }
      extraArgs = List.copyOf(Objects.requireNonNull(extraArgs, "extraArgs"));
    }

    public static Options defaults() {
      return builder().build();
    }

    public static Builder builder() {
      return new Builder();
    }

    /** Builder for {@link Options}; every field starts at its default. */
    public static final class Builder {
      private int port = ANY_FREE_PORT;
      private Path binary;
      private Path dataDir;
      private String appendFsync = DEFAULT_APPEND_FSYNC;
      private Duration startupTimeout = DEFAULT_STARTUP_TIMEOUT;
      private List<String> extraArgs = List.of();

      private Builder() {}

      public Builder port(int port) {
        this.port = port;
        return this;
      }

      public Builder binary(Path binary) {
        this.binary = binary;
        return this;
      }

      public Builder dataDir(Path dataDir) {
        this.dataDir = dataDir;
        return this;
      }

      public Builder appendFsync(String appendFsync) {
        this.appendFsync = appendFsync;
        return this;
      }

      public Builder startupTimeout(Duration startupTimeout) {
        this.startupTimeout = startupTimeout;
        return this;
      }

      public Builder extraArgs(List<String> extraArgs) {
        this.extraArgs = extraArgs;
        return this;
      }

      public Options build() {
        return new Options(port, binary, dataDir, appendFsync, startupTimeout, extraArgs);
      }
    }
  }
}
