package dev.agentoutbox.bench;

import dev.agentoutbox.testkit.MlflowServer;
import dev.agentoutbox.testkit.PostgresServer;
import dev.agentoutbox.testkit.RedisServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import redis.clients.jedis.Jedis;

/**
 * The real servers every benchmark uses, started once: redis-server (AOF on, as in production), a
 * local PostgreSQL cluster and an MLflow tracking server, all from the testkit.
 */
public final class BenchServers implements AutoCloseable {
  private static final Pattern PORT = Pattern.compile("//[^:/]+:(\\d+)");

  public final RedisServer redis;
  public final PostgresServer postgres;
  public final MlflowServer mlflow;

  private BenchServers(RedisServer redis, PostgresServer postgres, MlflowServer mlflow) {
    this.redis = redis;
    this.postgres = postgres;
    this.mlflow = mlflow;
  }

  public static BenchServers start() {
    RedisServer redis = RedisServer.start();
    PostgresServer pg = PostgresServer.shared();
    MlflowServer mlflow = MlflowServer.start();
    return new BenchServers(redis, pg, mlflow);
  }

  /** FLUSHALL, so each benchmark starts from an empty Redis. */
  public void flushRedis() {
    redis.flushAll();
  }

  public Jedis jedis() {
    return new Jedis(URI.create(redis.url()));
  }

  /** A new empty database; its JDBC URL. */
  public String database(String prefix) {
    return postgres.createUniqueDatabase(prefix);
  }

  public Connection connect(String jdbcUrl) throws SQLException {
    return postgres.connect(jdbcUrl);
  }

  public String redisVersion() {
    try (Jedis j = jedis()) {
      for (String line : j.info("server").split("\r?\n")) {
        if (line.startsWith("redis_version:")) {
          return line.substring("redis_version:".length()).trim();
        }
      }
    }
    return "?";
  }

  public String postgresVersion() {
    try (Connection c = postgres.connect(postgres.jdbcUrl());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW server_version")) {
      rs.next();
      return rs.getString(1);
    } catch (SQLException e) {
      return "? (" + e.getMessage() + ")";
    }
  }

  public String mlflowVersion() {
    try {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(mlflow.trackingUri() + "/version"))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200 && r.body().length() < 40) {
        return r.body().trim();
      }
      return "? (GET /version answered " + r.statusCode() + ")";
    } catch (Exception e) {
      return "? (" + e + ")";
    }
  }

  /** The redis-server process (and children, e.g. an AOF rewrite). */
  public Set<Long> redisPids() {
    String port = Integer.toString(redis.port());
    return tree(
        ProcStat.find(
            c ->
                c.contains("redis-server")
                    && (hasToken(c, "127.0.0.1:" + port) || hasToken(c, "--port " + port))));
  }

  /** The postmaster and its backends. */
  public Set<Long> postgresPids() {
    String port = port(postgres.jdbcUrl());
    return tree(ProcStat.find(c -> c.contains("postgres") && hasToken(c, "-p " + port)));
  }

  /** The MLflow server and its worker processes. */
  public Set<Long> mlflowPids() {
    String port = port(mlflow.trackingUri());
    return tree(ProcStat.find(c -> c.contains("mlflow") && hasToken(c, "--port " + port)));
  }

  /** Whether {@code text} holds {@code token} followed by a space or the end. */
  private static boolean hasToken(String cmdline, String token) {
    int i = cmdline.indexOf(token);
    while (i >= 0) {
      int end = i + token.length();
      if (end == cmdline.length() || cmdline.charAt(end) == ' ') {
        return true;
      }
      i = cmdline.indexOf(token, i + 1);
    }
    return false;
  }

  private static Set<Long> tree(Set<Long> roots) {
    Set<Long> all = new java.util.HashSet<>();
    for (long r : roots) {
      all.addAll(ProcStat.tree(r));
    }
    return all;
  }

  private static String port(String url) {
    Matcher m = PORT.matcher(url);
    return m.find() ? m.group(1) : "?";
  }

  @Override
  public void close() {
    try {
      mlflow.close();
    } finally {
      try {
        redis.close();
      } finally {
        postgres.stop();
      }
    }
  }
}
