package dev.agentoutbox.api;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * HTTP server settings. Every setting has an environment variable; invalid values fail at startup
 * with the variable's name.
 *
 * @param bindAddress interface to listen on ({@value #ENV_BIND_ADDRESS})
 * @param port TCP port, 0 for any free port ({@value #ENV_PORT})
 * @param httpThreads request handler threads ({@value #ENV_HTTP_THREADS})
 * @param httpQueueCapacity requests waiting for a handler thread before new connections are refused
 *     ({@value #ENV_HTTP_QUEUE_CAPACITY})
 * @param backlog TCP accept backlog, 0 for the system default ({@value #ENV_HTTP_BACKLOG})
 * @param maxBodyBytes largest accepted request body; larger ones get 413 ({@value
 *     #ENV_MAX_BODY_BYTES})
 * @param shutdownGrace how long in-flight requests may run on shutdown ({@value
 *     #ENV_SHUTDOWN_GRACE_SECONDS})
 */
public record ApiConfig(
    String bindAddress,
    int port,
    int httpThreads,
    int httpQueueCapacity,
    int backlog,
    int maxBodyBytes,
    Duration shutdownGrace) {

  public static final String ENV_BIND_ADDRESS = "API_BIND_ADDRESS";
  public static final String ENV_PORT = "PORT";
  public static final String ENV_HTTP_THREADS = "API_HTTP_THREADS";
  public static final String ENV_HTTP_QUEUE_CAPACITY = "API_HTTP_QUEUE_CAPACITY";
  public static final String ENV_HTTP_BACKLOG = "API_HTTP_BACKLOG";
  public static final String ENV_MAX_BODY_BYTES = "API_MAX_BODY_BYTES";
  public static final String ENV_SHUTDOWN_GRACE_SECONDS = "API_SHUTDOWN_GRACE_SECONDS";

  public static final String DEFAULT_BIND_ADDRESS = "0.0.0.0";
  public static final int DEFAULT_PORT = 8080;
  public static final int DEFAULT_HTTP_THREADS = 32;
  public static final int MAX_HTTP_THREADS = 1024;
  public static final int DEFAULT_HTTP_QUEUE_CAPACITY = 512;
  public static final int MAX_HTTP_QUEUE_CAPACITY = 100_000;
  public static final int DEFAULT_HTTP_BACKLOG = 256;
  public static final int MAX_HTTP_BACKLOG = 65_535;
  public static final int DEFAULT_MAX_BODY_BYTES = 256 * 1024;
  public static final int MAX_MAX_BODY_BYTES = 16 * 1024 * 1024;
  public static final int MIN_MAX_BODY_BYTES = 1024;
  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(5);
  public static final int MAX_SHUTDOWN_GRACE_SECONDS = 300;

  public ApiConfig {
    if (bindAddress == null || bindAddress.isBlank()) {
      throw new IllegalArgumentException(ENV_BIND_ADDRESS + " (bindAddress) must not be blank");
    }
    range(ENV_PORT, "port", port, 0, 65_535);
    range(ENV_HTTP_THREADS, "httpThreads", httpThreads, 1, MAX_HTTP_THREADS);
    range(
        ENV_HTTP_QUEUE_CAPACITY,
        "httpQueueCapacity",
        httpQueueCapacity,
        1,
        MAX_HTTP_QUEUE_CAPACITY);
    range(ENV_HTTP_BACKLOG, "backlog", backlog, 0, MAX_HTTP_BACKLOG);
    range(ENV_MAX_BODY_BYTES, "maxBodyBytes", maxBodyBytes, MIN_MAX_BODY_BYTES, MAX_MAX_BODY_BYTES);
    Objects.requireNonNull(shutdownGrace, ENV_SHUTDOWN_GRACE_SECONDS + " (shutdownGrace)");
    range(
        ENV_SHUTDOWN_GRACE_SECONDS,
        "shutdownGrace",
        shutdownGrace.getSeconds(),
        0,
        MAX_SHUTDOWN_GRACE_SECONDS);
  }

  public static ApiConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .bindAddress(bindAddress)
        .port(port)
        .httpThreads(httpThreads)
        .httpQueueCapacity(httpQueueCapacity)
        .backlog(backlog)
        .maxBodyBytes(maxBodyBytes)
        .shutdownGrace(shutdownGrace);
  }

  /**
   * Reads the settings from environment variables; unset or blank ones keep their defaults.
   *
   * @throws IllegalArgumentException naming the first bad variable
   */
  public static ApiConfig fromEnv(Map<String, String> env) {
    Builder b = builder();
    String bind = env.get(ENV_BIND_ADDRESS);
    if (bind != null && !bind.isBlank()) {
      b.bindAddress(bind.strip());
    }
    Integer v;
    if ((v = integer(env, ENV_PORT)) != null) {
      b.port(v);
    }
    if ((v = integer(env, ENV_HTTP_THREADS)) != null) {
      b.httpThreads(v);
    }
    if ((v = integer(env, ENV_HTTP_QUEUE_CAPACITY)) != null) {
      b.httpQueueCapacity(v);
    }
    if ((v = integer(env, ENV_HTTP_BACKLOG)) != null) {
      b.backlog(v);
    }
    if ((v = integer(env, ENV_MAX_BODY_BYTES)) != null) {
      b.maxBodyBytes(v);
    }
    if ((v = integer(env, ENV_SHUTDOWN_GRACE_SECONDS)) != null) {
      b.shutdownGrace(Duration.ofSeconds(v));
    }
    return b.build();
  }

  private static Integer integer(Map<String, String> env, String name) {
    String s = env.get(name);
    if (s == null || s.isBlank()) {
      return null;
    }
    try {
      return Integer.valueOf(s.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, was '" + s + "'");
    }
  }

  private static void range(String env, String field, long v, long min, long max) {
    if (v < min || v > max) {
      throw new IllegalArgumentException(
          env + " (" + field + ") must be in " + min + ".." + max + ", was " + v);
    }
  }

  /** Builder starting from the defaults. */
  public static final class Builder {
    private String bindAddress = DEFAULT_BIND_ADDRESS;
    private int port = DEFAULT_PORT;
    private int httpThreads = DEFAULT_HTTP_THREADS;
    private int httpQueueCapacity = DEFAULT_HTTP_QUEUE_CAPACITY;
    private int backlog = DEFAULT_HTTP_BACKLOG;
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private Duration shutdownGrace = DEFAULT_SHUTDOWN_GRACE;

    private Builder() {}

    public Builder bindAddress(String v) {
      this.bindAddress = v;
      return this;
    }

    public Builder port(int v) {
      this.port = v;
      return this;
    }

    public Builder httpThreads(int v) {
      this.httpThreads = v;
      return this;
    }

    public Builder httpQueueCapacity(int v) {
      this.httpQueueCapacity = v;
      return this;
    }

    public Builder backlog(int v) {
      this.backlog = v;
      return this;
    }

    public Builder maxBodyBytes(int v) {
      this.maxBodyBytes = v;
      return this;
    }

    public Builder shutdownGrace(Duration v) {
      this.shutdownGrace = v;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the bad setting and its variable
     */
    public ApiConfig build() {
      return new ApiConfig(
          bindAddress, port, httpThreads, httpQueueCapacity, backlog, maxBodyBytes, shutdownGrace);
    }
  }
}
