package dev.agentoutbox.api.metrics;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/** A Prometheus histogram of non-negative long observations with fixed upper bounds. */
public final class Histogram {
  private final String name;
  private final String help;
  private final long[] bounds;
  private final LongAdder[] buckets;
  private final LongAdder count = new LongAdder();
  private final LongAdder sum = new LongAdder();

  /**
   * @param bounds inclusive upper bounds, strictly increasing; {@code +Inf} is implied
   */
  public Histogram(String name, String help, long... bounds) {
    for (int i = 1; i < bounds.length; i++) {
      if (bounds[i] <= bounds[i - 1]) {
        throw new IllegalArgumentException(name + ": bucket bounds must increase");
      }
    }
    this.name = name;
    this.help = help;
    this.bounds = bounds.clone();
    this.buckets = new LongAdder[bounds.length];
    for (int i = 0; i < buckets.length; i++) {
      buckets[i] = new LongAdder();
    }
  }

  public void observe(long value) {
    long v = Math.max(0, value);
    for (int i = 0; i < bounds.length; i++) {
      if (v <= bounds[i]) {
        buckets[i].increment();
        break;
      }
    }
    count.increment();
    sum.add(v);
  }

  public long count() {
    return count.sum();
  }

  public long sum() {
    return sum.sum();
  }

  void writeTo(PrometheusText out) {
    out.header(name, help, "histogram");
    long cumulative = 0;
    for (int i = 0; i < bounds.length; i++) {
      cumulative += buckets[i].sum();
      out.sample(name + "_bucket", List.of("le"), List.of(Long.toString(bounds[i])), cumulative);
    }
    long total = count.sum();
    out.sample(name + "_bucket", List.of("le"), List.of("+Inf"), Math.max(total, cumulative));
    out.sample(name + "_sum", List.of(), List.of(), sum.sum());
    out.sample(name + "_count", List.of(), List.of(), Math.max(total, cumulative));
  }
}
