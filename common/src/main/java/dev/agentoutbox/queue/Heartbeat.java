package dev.agentoutbox.queue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.params.SetParams;

/**
 * The liveness key of one worker process, {@code <ns>:heartbeat:<process id>}, refreshed with a
 * TTL. When it lapsed (a long pause, a partition), the process learns it on the next beat and logs
 * that its in-flight jobs may have been recovered by others.
 */
public final class Heartbeat {
  private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final JedisPool pool;
  private final QueueKeys keys;
  private final ProcessIdentity identity;
  private final HeartbeatSettings settings;
  private final Clock clock;
  private final Instant startedAt;
  private final int threads;
  private volatile Instant lastBeat;
  private volatile boolean lapsed;

  public Heartbeat(
      JedisPool pool,
      QueueKeys keys,
      ProcessIdentity identity,
      HeartbeatSettings settings,
      Clock clock,
      int threads) {
    this.pool = pool;
    this.keys = keys;
    this.identity = identity;
    this.settings = settings;
    this.clock = clock;
    this.threads = threads;
    this.startedAt = clock.instant();
  }

  /**
   * Refreshes the key. Returns true when it was still alive (or this is the first beat), false when
   * it had expired since the previous beat.
   */
  public boolean beat() {
    Instant now = clock.instant();
    String value = value(now);
    try (Jedis jedis = pool.getResource()) {
      long ttl = settings.ttl().toMillis();
      String key = keys.heartbeat(identity.id());
      boolean first = lastBeat == null;
      String refreshed = jedis.set(key, value, SetParams.setParams().xx().px(ttl));
      boolean alive = refreshed != null;
      if (!alive) {
        jedis.set(key, value, SetParams.setParams().px(ttl));
        if (!first) {
          lapsed = true;
          LOG.warn(
              "heartbeat of worker process {} had expired (last beat {}); its in-flight jobs may"
                  + " have been recovered by another worker and will run there; the sinks are"
                  + " idempotent, so this only costs duplicate work. Re-registered.",
              identity.id(),
              lastBeat);
        }
      }
      lastBeat = now;
      return alive || first;
    }
  }

  /** Deletes the key at shutdown, so reapers recover anything left at once. */
  public void remove() {
    try (Jedis jedis = pool.getResource()) {
      jedis.del(keys.heartbeat(identity.id()));
    }
  }

  /** Time since the last successful beat, from the injected clock. */
  public java.time.Duration sinceLastBeat() {
    Instant last = lastBeat;
    return last == null
        ? java.time.Duration.ZERO
        : java.time.Duration.between(last, clock.instant());
  }

  /** True when the last successful beat is older than the TTL: others may consider us dead. */
  public boolean isStale() {
    return lastBeat != null && sinceLastBeat().compareTo(settings.ttl()) >= 0;
  }

  /** True once a lapse was observed. */
  public boolean hasLapsed() {
    return lapsed;
  }

  public ProcessIdentity identity() {
    return identity;
  }

  private String value(Instant now) {
    try {
      return MAPPER.writeValueAsString(
          Map.of(
              "process",
              identity.id(),
              "pid",
              ProcessHandle.current().pid(),
              "started_at",
              startedAt.toString(),
              "beat_at",
              now.toString(),
              "threads",
              threads));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
