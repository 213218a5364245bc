package dev.agentoutbox.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;

/** Percentiles of a set of durations, by the nearest-rank method on the sorted samples. */
public final class Percentiles {
  private final long[] sortedNanos;

  private Percentiles(long[] sortedNanos) {
    this.sortedNanos = sortedNanos;
  }

  public static Percentiles ofNanos(long[] nanos, int count) {
    long[] copy = Arrays.copyOf(nanos, count);
    Arrays.sort(copy);
    return new Percentiles(copy);
  }

  public static Percentiles ofNanos(java.util.Collection<Long> nanos) {
    long[] a = nanos.stream().mapToLong(Long::longValue).toArray();
    return ofNanos(a, a.length);
  }

  public int count() {
    return sortedNanos.length;
  }

  /** The {@code q}-quantile (0 &lt; q &lt;= 1) in nanoseconds, or -1 without samples. */
  public long nanos(double q) {
    if (sortedNanos.length == 0) {
      return -1;
    }
    int rank = (int) Math.ceil(q * sortedNanos.length);
    return sortedNanos[Math.min(sortedNanos.length, Math.max(1, rank)) - 1];
  }

  public long maxNanos() {
    return sortedNanos.length == 0 ? -1 : sortedNanos[sortedNanos.length - 1];
  }

  public double meanNanos() {
    return sortedNanos.length == 0 ? -1 : Arrays.stream(sortedNanos).average().orElse(-1);
  }

  /** {@code {n, p50, p90, p99, p999, max, mean}} in milliseconds, 2 decimals. */
  public ObjectNode toMillisJson() {
    return toJson(1e6, false);
  }

  /** {@code {n, p50, p90, p99, p999, max, mean}} in microseconds, 1 decimal. */
  public ObjectNode toMicrosJson() {
    return toJson(1e3, true);
  }

  private ObjectNode toJson(double divisor, boolean micros) {
    ObjectNode n = Json.object();
    n.put("n", count());
    n.put("unit", micros ? "us" : "ms");
    n.put("p50", round(nanos(0.50) / divisor));
    n.put("p90", round(nanos(0.90) / divisor));
    n.put("p99", round(nanos(0.99) / divisor));
    n.put("p999", round(nanos(0.999) / divisor));
    n.put("max", round(maxNanos() / divisor));
    n.put("mean", round(meanNanos() / divisor));
    return n;
  }

  static double round(double v) {
    return Math.round(v * 100.0) / 100.0;
  }
}
