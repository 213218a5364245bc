package dev.agentoutbox.testkit;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * One real PostgreSQL per JVM, stopped by a shutdown hook. Env {@value #ENV_URL} (with {@value
 * #ENV_USER} and {@value #ENV_PASSWORD}) points at an existing server; otherwise a throwaway local
 * cluster is started (see {@code LocalPostgres}), or a container when {@link
 * ServerMode#useContainers()}. Tests isolate themselves with {@link #createDatabase(String)}.
 */
public final class PostgresServer {

  public static final String ENV_URL = "AGENT_OUTBOX_TEST_POSTGRES_URL";
  public static final String ENV_USER = "AGENT_OUTBOX_TEST_POSTGRES_USER";
  public static final String ENV_PASSWORD = "AGENT_OUTBOX_TEST_POSTGRES_PASSWORD";
  public static final String DEFAULT_USER = "postgres";
  public static final String DEFAULT_IMAGE = "postgres:16-alpine";
  public static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

  private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);
  private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final Pattern JDBC_URL =
      Pattern.compile("(jdbc:postgresql://[^/?]*)(/[^?]*)?(\\?.*)?");
  private static final String OBJECT_IN_USE = "55006";
  private static final int CREATE_ATTEMPTS = 5;
  private static final long CREATE_RETRY_PAUSE_MILLIS = 200;
  private static PostgresServer shared;

  private final String jdbcUrl;
  private final String user;
  private final String password;
  private final String description;
  private final Runnable stopAction;
  private boolean stopped;

  private PostgresServer(
      String jdbcUrl, String user, String password, String description, Runnable stopAction) {
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
    this.description = description;
    this.stopAction = stopAction;
  }

  /** The JVM-wide server, started on first use. */
  public static synchronized PostgresServer shared() {
    if (shared == null) {
      long started = System.nanoTime();
      PostgresServer server = create();
      Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "testkit-postgres-stop"));
      LOG.info(
          "PostgreSQL ready at {} in {} ms ({})",
          server.jdbcUrl,
          (System.nanoTime() - started) / 1_000_000,
          server.description);
      shared = server;
    }
    return shared;
  }

  /** JDBC URL of the default database ({@code postgres} for servers started here). */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  /** Opens a connection to {@code databaseJdbcUrl} with this server's credentials. */
  public Connection connect(String databaseJdbcUrl) throws SQLException {
    return DriverManager.getConnection(databaseJdbcUrl, user, password);
  }

  /**
   * Creates an empty database named {@code name}, dropping any previous one of that name, and
   * returns its JDBC URL.
   *
   * @param name lower case letters, digits and underscores, starting with a letter or underscore
   */
  public synchronized String createDatabase(String name) {
    if (name == null || !DATABASE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "database name must match " + DATABASE_NAME.pattern() + ": " + name);
    }
    for (int attempt = 1; ; attempt++) {
      try (Connection connection = connect(jdbcUrl);
          Statement statement = connection.createStatement()) {
        statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        statement.execute("CREATE DATABASE " + name);
        return urlOfDatabase(name);
      } catch (SQLException e) {
        // Concurrent CREATE DATABASE from other JVMs contend for template1: retry.
        if (!OBJECT_IN_USE.equals(e.getSQLState()) || attempt == CREATE_ATTEMPTS) {
          throw new IllegalStateException(
              "Cannot create database " + name + " on " + jdbcUrl + ": " + e.getMessage(), e);
        }
        pause();
      }
    }
  }

  /** {@link #createDatabase(String)} with a unique name starting with {@code prefix}. */
  public String createUniqueDatabase(String prefix) {
    String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    return createDatabase(prefix.toLowerCase(Locale.ROOT) + "_" + suffix);
  }

  /** Stops a server started by this class; a no-op for a server given by {@value #ENV_URL}. */
  public synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    stopAction.run();
  }

  @Override
  public String toString() {
    return "PostgresServer[" + jdbcUrl + ", " + description + "]";
  }

  /** This server's JDBC URL with the database replaced by {@code name}. */
  String urlOfDatabase(String name) {
    Matcher matcher = JDBC_URL.matcher(jdbcUrl);
    if (!matcher.matches()) {
      throw new IllegalStateException("Not a jdbc:postgresql:// URL: " + jdbcUrl);
    }
    return matcher.group(1) + "/" + name + Optional.ofNullable(matcher.group(3)).orElse("");
  }

  private static PostgresServer create() {
    Optional<String> url = Env.get(ENV_URL);
    if (url.isPresent()) {
      return external(
          url.get(), Env.get(ENV_USER).orElse(null), Env.get(ENV_PASSWORD).orElse(null));
    }
    if (ServerMode.useContainers()) {
      return container();
    }
    LocalPostgres cluster = LocalPostgres.start(STARTUP_TIMEOUT);
    return new PostgresServer(
        "jdbc:postgresql://127.0.0.1:" + cluster.port() + "/postgres",
        LocalPostgres.SUPERUSER,
        "",
        cluster.toString(),
        cluster::stop);
  }

  /** A server this class does not manage, from a JDBC or {@code postgres://} URL. */
  static PostgresServer external(String url, String user, String password) {
    String jdbcUrl = url;
    if (!url.startsWith("jdbc:")) {
      // postgres://user:password@host:port/db, as libpq and most platforms spell it.
      URI uri = URI.create(url.replaceFirst("^postgres://", "postgresql://"));
      if (!"postgresql".equals(uri.getScheme()) || uri.getHost() == null) {
        throw new IllegalStateException(ENV_URL + " is not a PostgreSQL URL: " + url);
      }
      if (uri.getRawUserInfo() != null) {
        String[] userInfo = uri.getRawUserInfo().split(":", 2);
        user = user != null ? user : decode(userInfo[0]);
        password = password != null || userInfo.length < 2 ? password : decode(userInfo[1]);
      }
      String port = uri.getPort() > 0 ? ":" + uri.getPort() : "";
      String query = uri.getRawQuery() != null ? "?" + uri.getRawQuery() : "";
      jdbcUrl = "jdbc:postgresql://" + uri.getHost() + port + uri.getRawPath() + query;
    }
    if (!JDBC_URL.matcher(jdbcUrl).matches()) {
      throw new IllegalStateException(ENV_URL + " is not a PostgreSQL URL: " + url);
    }
    return new PostgresServer(
        jdbcUrl,
        user != null ? user : DEFAULT_USER,
        password != null ? password : "",
        "external server from " + ENV_URL,
        () -> {});
  }

  private static PostgresServer container() {
    PostgreSQLContainer<?> container =
        new PostgreSQLContainer<>(DockerImageName.parse(DEFAULT_IMAGE))
            .withUsername(DEFAULT_USER)
            .withPassword(DEFAULT_USER)
            .withDatabaseName("postgres")
            .withCommand("postgres", "-c", "fsync=off", "-c", "max_connections=200")
            .withStartupTimeout(STARTUP_TIMEOUT);
    container.start();
    return new PostgresServer(
        container.getJdbcUrl(),
        container.getUsername(),
        container.getPassword(),
        "container " + DEFAULT_IMAGE,
        container::stop);
  }

  private static String decode(String value) {
    return URLDecoder.decode(value, StandardCharsets.UTF_8);
  }

  private static void pause() {
    try {
      Thread.sleep(CREATE_RETRY_PAUSE_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating a database", e);
    }
  }
}
