package dev.agentoutbox.queue;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import net.greghaines.jesque.Config;
import net.greghaines.jesque.ConfigBuilder;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;

/**
 * Where the queue lives. Built from {@code REDIS_URL} ({@code redis://[user:password@]host:port/db}
 * or {@code rediss://} for TLS).
 */
public record RedisSettings(
    URI url, QueueKeys keys, Duration connectTimeout, Duration socketTimeout) {
  public static final String DEFAULT_URL = "redis://127.0.0.1:6379";
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
  public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(5);

  public RedisSettings {
    Objects.requireNonNull(url, "REDIS_URL");
    Objects.requireNonNull(keys, "keys");
    String scheme = url.getScheme();
    if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
      throw new IllegalArgumentException(
          "REDIS_URL: scheme must be redis:// or rediss://, was " + url);
    }
    if (url.getHost() == null || url.getHost().isBlank()) {
      throw new IllegalArgumentException("REDIS_URL: missing host in " + redact(url));
    }
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(socketTimeout, "socketTimeout");
  }

  private static void requirePositive(Duration d, String field) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(field + ": must be > 0, was " + d);
    }
  }

  /** Reads {@code REDIS_URL} and {@code REDIS_NAMESPACE}. */
  public static RedisSettings fromEnv(Map<String, String> env) {
    return builder()
        .url(env.getOrDefault("REDIS_URL", DEFAULT_URL))
        .namespace(env.getOrDefault("REDIS_NAMESPACE", QueueKeys.DEFAULT_NAMESPACE))
        .build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public String host() {
    return url.getHost();
  }

  public int port() {
    return url.getPort() > 0 ? url.getPort() : 6379;
  }

  public boolean tls() {
    return "rediss".equals(url.getScheme());
  }

  public String password() {
    String info = url.getUserInfo();
    if (info == null || info.isEmpty()) {
      return null;
    }
    int colon = info.indexOf(':');
    return colon >= 0 ? info.substring(colon + 1) : info;
  }

  public int database() {
    String path = url.getPath();
    if (path == null || path.length() <= 1) {
      return 0;
    }
    try {
      return Integer.parseInt(path.substring(1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("REDIS_URL: database must be a number in " + redact(url));
    }
  }

  /** The URL with its password masked, for logs. */
  public String redactedUrl() {
    return redact(url);
  }

  private static String redact(URI u) {
    return u.getUserInfo() == null ? u.toString() : u.toString().replace(u.getUserInfo(), "***");
  }

  /** Jesque configuration for the same server and namespace. */
  public Config jesqueConfig() {
    return new ConfigBuilder()
        .withHost(host())
        .withPort(port())
        .withTimeout((int) socketTimeout.toMillis())
        .withPassword(password())
        .withDatabase(database())
        .withNamespace(keys.namespace())
        .build();
  }

  /** A new, unconnected Jedis connection (TLS for {@code rediss://}). */
  public Jedis newJedis() {
    return new Jedis(url, (int) connectTimeout.toMillis(), (int) socketTimeout.toMillis());
  }

  /** A connection pool. */
  public JedisPool newPool(int maxTotal, Duration socketTimeout) {
    GenericObjectPoolConfig<Jedis> cfg = new GenericObjectPoolConfig<>();
    cfg.setMaxTotal(maxTotal);
    cfg.setMaxIdle(maxTotal);
    cfg.setMinIdle(Math.min(2, maxTotal));
    cfg.setMaxWait(connectTimeout);
    cfg.setTestWhileIdle(true);
    cfg.setJmxEnabled(false);
    return new JedisPool(cfg, url, (int) connectTimeout.toMillis(), (int) socketTimeout.toMillis());
  }

  /** Mutable builder with defaults as named constants. */
  public static final class Builder {
    private String url = DEFAULT_URL;
    private String namespace = QueueKeys.DEFAULT_NAMESPACE;
    private String queue = QueueKeys.DEFAULT_QUEUE;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration socketTimeout = DEFAULT_SOCKET_TIMEOUT;

    public Builder url(String v) {
      this.url = v;
      return this;
    }

    public Builder namespace(String v) {
      this.namespace = v;
      return this;
    }

    public Builder queue(String v) {
      this.queue = v;
      return this;
    }

    public Builder connectTimeout(Duration v) {
      this.connectTimeout = v;
      return this;
    }

    public Builder socketTimeout(Duration v) {
      this.socketTimeout = v;
      return this;
    }

    public RedisSettings build() {
      URI uri;
      try {
        uri = new URI(Objects.requireNonNull(url, "REDIS_URL"));
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("REDIS_URL: not a URI: " + e.getMessage());
      }
      if (namespace == null || namespace.isBlank() || namespace.contains(" ")) {
        throw new IllegalArgumentException("REDIS_NAMESPACE: must be a non-blank word");
      }
      if (queue == null || queue.isBlank() || queue.contains(":")) {
        throw new IllegalArgumentException("queue: must be a non-blank name without ':'");
      }
      return new RedisSettings(uri, new QueueKeys(namespace, queue), connectTimeout, socketTimeout);
    }
  }
}
