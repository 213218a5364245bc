package dev.agentoutbox.api.metrics;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** A Prometheus counter with a fixed set of label names; label values must stay few. */
public final class LabeledCounter {
  private final String name;
  private final String help;
  private final List<String> labelNames;
  private final Map<List<String>, LongAdder> series = new ConcurrentHashMap<>();

  public LabeledCounter(String name, String help, String... labelNames) {
    this.name = name;
    this.help = help;
    this.labelNames = List.of(labelNames);
  }

  public void increment(String... labelValues) {
    series.computeIfAbsent(key(labelValues), k -> new LongAdder()).increment();
  }

  /** Makes a series visible at 0 before its first increment. */
  public void touch(String... labelValues) {
    series.computeIfAbsent(key(labelValues), k -> new LongAdder());
  }

  public long value(String... labelValues) {
    LongAdder a = series.get(List.of(labelValues));
    return a == null ? 0 : a.sum();
  }

  void writeTo(PrometheusText out) {
    out.header(name, help, "counter");
    Map<List<String>, LongAdder> sorted =
        new TreeMap<>(Comparator.comparing((List<String> k) -> String.join("\u0000", k)));
    sorted.putAll(series);
    sorted.forEach((values, adder) -> out.sample(name, labelNames, values, adder.sum()));
  }

  private List<String> key(String... labelValues) {
    if (labelValues.length != labelNames.size()) {
      throw new IllegalArgumentException(
          name + " takes labels " + labelNames + ", got " + labelValues.length + " values");
    }
    return List.of(labelValues);
  }
}
