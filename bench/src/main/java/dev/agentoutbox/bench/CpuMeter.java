package dev.agentoutbox.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * CPU used by named groups of processes over an interval, in % of one core (200% = both cores of
 * this machine), plus the whole machine's busy share.
 */
public final class CpuMeter {
  private final Map<String, Supplier<Set<Long>>> groups = new LinkedHashMap<>();
  private final Map<String, Set<Long>> pids = new LinkedHashMap<>();
  private final Map<String, Long> startTicks = new LinkedHashMap<>();
  private long startNanos;
  private long[] startMachine;

  /** Adds a group; its pids are resolved when {@link #start()} is called. */
  public CpuMeter group(String name, Supplier<Set<Long>> pidsOf) {
    groups.put(name, pidsOf);
    return this;
  }

  public CpuMeter start() {
    pids.clear();
    startTicks.clear();
    groups.forEach(
        (name, s) -> {
          Set<Long> p = s.get();
          pids.put(name, p);
          startTicks.put(name, ProcStat.cpuTicks(p));
        });
    startMachine = ProcStat.machineTicks();
    startNanos = System.nanoTime();
    return this;
  }

  /** Per group: % of one core used since {@link #start()}; and machine busy %. */
  public ObjectNode stop() {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    ObjectNode out = Json.object();
    out.put("seconds", Percentiles.round(seconds));
    ObjectNode per = out.putObject("percent_of_one_core");
    pids.forEach(
        (name, p) -> {
          // a group's pids are re-read so processes started meanwhile (children) count too
          Set<Long> now = new java.util.HashSet<>(groups.get(name).get());
          now.addAll(p);
          long ticks = ProcStat.cpuTicks(now) - startTicks.get(name);
          per.put(
              name, Percentiles.round(100.0 * ticks / ProcStat.CLOCK_TICKS_PER_SECOND / seconds));
        });
    long[] m = ProcStat.machineTicks();
    long busy = m[0] - startMachine[0];
    long total = m[1] - startMachine[1];
    out.put("machine_busy_percent", total == 0 ? -1 : Percentiles.round(100.0 * busy / total));
    out.put("cores", Runtime.getRuntime().availableProcessors());
    return out;
  }
}
