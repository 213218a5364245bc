package dev.agentoutbox.worker;

import dev.agentoutbox.queue.HeartbeatSettings;
import dev.agentoutbox.queue.RedisSettings;
import dev.agentoutbox.retry.BackoffPolicy;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Configuration of a worker process.
 *
 * @param redis where the queue lives
 * @param threads Jesque worker threads in this process
 * @param backoff retry schedule of transient failures
 * @param heartbeat liveness timing and orphan recovery period
 * @param shutdownGrace how long SIGTERM waits for running jobs before putting them back
 * @param promotePeriod how often due retries move to the ready queue
 * @param healthPort port of /healthz, /readyz and /metrics; 0 picks a free port, -1 disables
 * @param ledgerRetention how long accepted ids stay in the ledger that {@code verify} reads
 */
public record WorkerConfig(
    RedisSettings redis,
    int threads,
    BackoffPolicy backoff,
    HeartbeatSettings heartbeat,
    Duration shutdownGrace,
    Duration promotePeriod,
    int healthPort,
    Duration ledgerRetention) {
  public static final int DEFAULT_THREADS = 4;
  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(20);
  public static final Duration DEFAULT_PROMOTE_PERIOD = Duration.ofMillis(250);
  public static final int DEFAULT_HEALTH_PORT = 8081;
  public static final Duration DEFAULT_LEDGER_RETENTION = Duration.ofDays(7);

  public WorkerConfig {
    Objects.requireNonNull(redis, "redis");
    Objects.requireNonNull(backoff, "backoff");
    Objects.requireNonNull(heartbeat, "heartbeat");
    if (threads < 1 || threads > 256) {
      throw new IllegalArgumentException("threads: must be 1..256, was " + threads);
    }
    if (shutdownGrace == null || shutdownGrace.isNegative()) {
      throw new IllegalArgumentException("shutdownGrace: must be >= 0, was " + shutdownGrace);
    }
    if (promotePeriod == null || promotePeriod.isZero() || promotePeriod.isNegative()) {
      throw new IllegalArgumentException("promotePeriod: must be > 0, was " + promotePeriod);
    }
    if (healthPort < -1 || healthPort > 65_535) {
      throw new IllegalArgumentException("healthPort: must be -1..65535, was " + healthPort);
    }
    if (ledgerRetention == null || ledgerRetention.toHours() < 1) {
      throw new IllegalArgumentException("ledgerRetention: must be >= 1h, was " + ledgerRetention);
    }
  }

  public static Builder builder(RedisSettings redis) {
    return new Builder(redis);
  }

  /** Reads WORKER_THREADS, RETRY_*, HEARTBEAT_*, SHUTDOWN_GRACE_SECONDS, HEALTH_PORT, ... */
  public static Builder fromEnv(Map<String, String> env) {
    Builder b = new Builder(RedisSettings.fromEnv(env));
    Env e = new Env(env);
    b.threads(e.integer("WORKER_THREADS", DEFAULT_THREADS));
    b.backoff(
        new BackoffPolicy(
            e.millis("RETRY_INITIAL_DELAY_MS", BackoffPolicy.DEFAULT_INITIAL_DELAY),
            e.decimal("RETRY_MULTIPLIER", BackoffPolicy.DEFAULT_MULTIPLIER),
            e.millis("RETRY_MAX_DELAY_MS", BackoffPolicy.DEFAULT_MAX_DELAY),
            e.integer("RETRY_MAX_ATTEMPTS", BackoffPolicy.DEFAULT_MAX_ATTEMPTS)));
    b.heartbeat(
        new HeartbeatSettings(
            e.millis("HEARTBEAT_TTL_MS", HeartbeatSettings.DEFAULT_TTL),
            e.millis("HEARTBEAT_PERIOD_MS", HeartbeatSettings.DEFAULT_PERIOD),
            e.millis("REAP_PERIOD_MS", HeartbeatSettings.DEFAULT_REAP_PERIOD)));
    b.shutdownGrace(
        Duration.ofSeconds(
            e.integer("SHUTDOWN_GRACE_SECONDS", (int) DEFAULT_SHUTDOWN_GRACE.toSeconds())));
    b.healthPort(e.integer("HEALTH_PORT", DEFAULT_HEALTH_PORT));
    b.ledgerRetention(
        Duration.ofDays(
            e.integer("LEDGER_RETENTION_DAYS", (int) DEFAULT_LEDGER_RETENTION.toDays())));
    return b;
  }

  /** Mutable builder. */
  public static final class Builder {
    private RedisSettings redis;
    private int threads = DEFAULT_THREADS;
    private BackoffPolicy backoff = BackoffPolicy.defaults();
    private HeartbeatSettings heartbeat = HeartbeatSettings.defaults();
    private Duration shutdownGrace = DEFAULT_SHUTDOWN_GRACE;
    private Duration promotePeriod = DEFAULT_PROMOTE_PERIOD;
    private int healthPort = DEFAULT_HEALTH_PORT;
    private Duration ledgerRetention = DEFAULT_LEDGER_RETENTION;

    private Builder(RedisSettings redis) {
      this.redis = redis;
    }

    public Builder redis(RedisSettings v) {
      this.redis = v;
      return this;
    }

    public Builder threads(int v) {
      this.threads = v;
      return this;
    }

    public Builder backoff(BackoffPolicy v) {
      this.backoff = v;
      return this;
    }

    public Builder heartbeat(HeartbeatSettings v) {
      this.heartbeat = v;
      return this;
    }

    public Builder shutdownGrace(Duration v) {
      this.shutdownGrace = v;
      return this;
    }

    public Builder promotePeriod(Duration v) {
      this.promotePeriod = v;
      return this;
    }

    public Builder healthPort(int v) {
      this.healthPort = v;
      return this;
    }

    public Builder ledgerRetention(Duration v) {
      this.ledgerRetention = v;
      return this;
    }

    public WorkerConfig build() {
      return new WorkerConfig(
          redis,
          threads,
          backoff,
          heartbeat,
          shutdownGrace,
          promotePeriod,
          healthPort,
          ledgerRetention);
    }
  }

  /** Typed, fail-fast reads of environment variables. */
  static final class Env {
    private final Map<String, String> env;

    Env(Map<String, String> env) {
      this.env = env;
    }

    int integer(String name, int dflt) {
      String v = env.get(name);
      if (v == null || v.isBlank()) {
        return dflt;
      }
      try {
        return Integer.parseInt(v.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + ": must be an integer, was '" + v + "'");
      }
    }

    double decimal(String name, double dflt) {
      String v = env.get(name);
      if (v == null || v.isBlank()) {
        return dflt;
      }
      try {
        return Double.parseDouble(v.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + ": must be a number, was '" + v + "'");
      }
    }

    Duration millis(String name, Duration dflt) {
      String v = env.get(name);
      if (v == null || v.isBlank()) {
        return dflt;
      }
      try {
        return Duration.ofMillis(Long.parseLong(v.trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + ": must be milliseconds, was '" + v + "'");
      }
    }
  }
}
