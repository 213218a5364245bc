package dev.agentoutbox.retry;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter and a cap.
 *
 * <p>The delay before attempt {@code n + 1} (after {@code n} failed attempts, {@code n >= 1}) is
 * {@code min(cap, initial * multiplier^(n-1))}, then "equal jitter": a uniformly random value
 * between half of it and all of it, so a fleet of workers that failed together does not retry
 * together. With the defaults (1 s, x2, cap 10 min, 40 attempts) a record survives an outage of
 * about five hours before it is dead-lettered.
 *
 * @param initialDelay delay after the first failure, before jitter
 * @param multiplier growth factor per attempt, at least 1
 * @param maxDelay cap of any single delay
 * @param maxAttempts attempts in all, including the first; the last failure is terminal
 */
public record BackoffPolicy(
    Duration initialDelay, double multiplier, Duration maxDelay, int maxAttempts) {
  public static final Duration DEFAULT_INITIAL_DELAY = Duration.ofSeconds(1);
  public static final double DEFAULT_MULTIPLIER = 2.0;
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofMinutes(10);
  public static final int DEFAULT_MAX_ATTEMPTS = 40;

  public BackoffPolicy {
    if (initialDelay == null || initialDelay.isNegative() || initialDelay.isZero()) {
      throw new IllegalArgumentException("retry.initialDelay: must be > 0, was " + initialDelay);
    }
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException("retry.multiplier: must be >= 1, was " + multiplier);
    }
    if (maxDelay == null || maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException(
          "retry.maxDelay: must be >= initialDelay (" + initialDelay + "), was " + maxDelay);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("retry.maxAttempts: must be >= 1, was " + maxAttempts);
    }
  }

  public static BackoffPolicy defaults() {
    return new BackoffPolicy(
        DEFAULT_INITIAL_DELAY, DEFAULT_MULTIPLIER, DEFAULT_MAX_DELAY, DEFAULT_MAX_ATTEMPTS);
  }

  /** True when a job that has failed {@code failedAttempts} times may run again. */
  public boolean canRetry(int failedAttempts) {
    return failedAttempts < maxAttempts;
  }

  /** The delay before the next attempt, without jitter. */
  public Duration baseDelay(int failedAttempts) {
    if (failedAttempts < 1) {
      throw new IllegalArgumentException("failedAttempts must be >= 1, was " + failedAttempts);
    }
    double millis = initialDelay.toMillis() * Math.pow(multiplier, failedAttempts - 1);
    long capped = (long) Math.min(millis, (double) maxDelay.toMillis());
    return Duration.ofMillis(capped);
  }

  /**
   * The delay before the next attempt with equal jitter.
   *
   * @param random a source of uniform values in [0, 1)
   */
  public Duration delay(int failedAttempts, DoubleSupplier random) {
    long base = baseDelay(failedAttempts).toMillis();
    long half = base / 2;
    return Duration.ofMillis(half + (long) (random.getAsDouble() * (base - half + 1)));
  }

  /** The worst-case time from the first failure to the dead letter (sum of capped delays). */
  public Duration worstCaseSpan() {
    Duration total = Duration.ZERO;
    for (int n = 1; n < maxAttempts; n++) {
      total = total.plus(baseDelay(n));
    }
    return total;
  }
}
