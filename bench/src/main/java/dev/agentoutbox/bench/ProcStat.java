package dev.agentoutbox.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Reads process and machine counters from Linux {@code /proc}. */
public final class ProcStat {
  /** USER_HZ: the unit of the CPU times in /proc (100 on every Linux ABI in use). */
  public static final int CLOCK_TICKS_PER_SECOND = 100;

  private static final Path PROC = Path.of("/proc");

  private ProcStat() {}

  /** utime + stime of one process in clock ticks, 0 when it is gone. */
  public static long cpuTicks(long pid) {
    String[] f = statFields(pid);
    if (f == null) {
      return 0;
    }
    // fields after "(comm)": state=0, ppid=1, ... utime=11, stime=12
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  /** CPU ticks summed over the processes. */
  public static long cpuTicks(Set<Long> pids) {
    long sum = 0;
    for (long p : pids) {
      sum += cpuTicks(p);
    }
    return sum;
  }

  /** The parent pid, or -1 when the process is gone. */
  public static long parent(long pid) {
    String[] f = statFields(pid);
    return f == null ? -1 : Long.parseLong(f[1]);
  }

  private static String[] statFields(long pid) {
    try {
      String s = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
      int close = s.lastIndexOf(')');
      return s.substring(close + 2).trim().split("\\s+");
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Every live pid. */
  public static List<Long> allPids() {
    List<Long> pids = new ArrayList<>();
    try (Stream<Path> s = Files.list(PROC)) {
      s.forEach(
          p -> {
            String n = p.getFileName().toString();
            if (!n.isEmpty() && n.chars().allMatch(Character::isDigit)) {
              pids.add(Long.parseLong(n));
            }
          });
    } catch (IOException e) {
      return pids;
    }
    return pids;
  }

  /** The process and all its descendants. */
  public static Set<Long> tree(long root) {
    Map<Long, List<Long>> children = new HashMap<>();
    for (long p : allPids()) {
      children.computeIfAbsent(parent(p), k -> new ArrayList<>()).add(p);
    }
    Set<Long> out = new HashSet<>();
    List<Long> todo = new ArrayList<>(List.of(root));
    while (!todo.isEmpty()) {
      long p = todo.remove(todo.size() - 1);
      if (out.add(p)) {
        todo.addAll(children.getOrDefault(p, List.of()));
      }
    }
    return out;
  }

  /** The command line with NULs as spaces, "" when gone. */
  public static String cmdline(long pid) {
    try {
      byte[] b = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("cmdline"));
      for (int i = 0; i < b.length; i++) {
        if (b[i] == 0) {
          b[i] = ' ';
        }
      }
      return new String(b).trim();
    } catch (IOException e) {
      return "";
    }
  }

  /** Pids whose command line matches. */
  public static Set<Long> find(Predicate<String> cmdline) {
    Set<Long> out = new HashSet<>();
    for (long p : allPids()) {
      if (cmdline.test(cmdline(p))) {
        out.add(p);
      }
    }
    return out;
  }

  /** A field of /proc/PID/status in kB (VmRSS, VmHWM), or -1. */
  public static long statusKb(long pid, String field) {
    try {
      for (String line : Files.readAllLines(PROC.resolve(Long.toString(pid)).resolve("status"))) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  /** Threads of a process, or -1. */
  public static long threads(long pid) {
    return statusKb(pid, "Threads");
  }

  /** Machine-wide {busy, total} jiffies from /proc/stat. */
  public static long[] machineTicks() {
    try {
      String first = Files.readAllLines(PROC.resolve("stat")).get(0);
      String[] f = first.trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < f.length && i <= 8; i++) {
        total += Long.parseLong(f[i]);
      }
      long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
      return new long[] {total - idle, total};
    } catch (IOException | RuntimeException e) {
      return new long[] {0, 0};
    }
  }

  /** The three load averages. */
  public static String loadAverage() {
    try {
      String[] f = Files.readString(PROC.resolve("loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "?";
    }
  }
}
