package dev.agentoutbox.queue;

import java.time.Duration;

/**
 * Liveness timing. A worker process refreshes its heartbeat every {@code period}; the key expires
 * {@code ttl} after the last refresh; reapers look for expired workers every {@code reapPeriod}. A
 * job of a SIGKILLed worker is back in the queue at most {@code ttl + reapPeriod} after the kill.
 */
public record HeartbeatSettings(Duration ttl, Duration period, Duration reapPeriod) {
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(10);
  public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(2);
  public static final Duration DEFAULT_REAP_PERIOD = Duration.ofSeconds(2);

  public HeartbeatSettings {
    if (ttl == null || ttl.toMillis() < 1_000) {
      throw new IllegalArgumentException("heartbeat.ttl: must be >= 1s, was " + ttl);
    }
    if (period == null || period.isZero() || period.isNegative()) {
      throw new IllegalArgumentException("heartbeat.period: must be > 0, was " + period);
    }
    if (period.multipliedBy(2).compareTo(ttl) > 0) {
      throw new IllegalArgumentException(
          "heartbeat.period: must be at most half of heartbeat.ttl ("
              + ttl
              + ") so one missed beat does not expire a live worker, was "
              + period);
    }
    if (reapPeriod == null || reapPeriod.isZero() || reapPeriod.isNegative()) {
      throw new IllegalArgumentException("heartbeat.reapPeriod: must be > 0, was " + reapPeriod);
    }
  }

  public static HeartbeatSettings defaults() {
    return new HeartbeatSettings(DEFAULT_TTL, DEFAULT_PERIOD, DEFAULT_REAP_PERIOD);
  }

  /** The longest a crashed worker's job waits before it is back in the queue. */
  public Duration worstCaseRecovery() {
    return ttl.plus(reapPeriod);
  }
}
