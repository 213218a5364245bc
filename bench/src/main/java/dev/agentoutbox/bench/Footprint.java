package dev.agentoutbox.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Memory of one JVM process: RSS from /proc, heap from {@code jcmd PID GC.heap_info}. */
public final class Footprint {
  private static final Pattern HEAP = Pattern.compile("total (\\d+)K, used (\\d+)K");

  private Footprint() {}

  /** {@code {rss_mb, rss_peak_mb, heap_used_mb, heap_committed_mb, threads}}. */
  public static ObjectNode of(long pid) {
    ObjectNode n = Json.object();
    n.put("pid", pid);
    n.put("rss_mb", mb(ProcStat.statusKb(pid, "VmRSS")));
    n.put("rss_peak_mb", mb(ProcStat.statusKb(pid, "VmHWM")));
    n.put("threads", ProcStat.threads(pid));
    long[] heap = heapKb(pid);
    n.put("heap_used_mb", mb(heap[1]));
    n.put("heap_committed_mb", mb(heap[0]));
    return n;
  }

  private static double mb(long kb) {
    return kb < 0 ? -1 : Percentiles.round(kb / 1024.0);
  }

  /** {committed, used} in kB, {-1, -1} when jcmd fails. */
  static long[] heapKb(long pid) {
    String jcmd = jdkTool("jcmd");
    try {
      Process p =
          new ProcessBuilder(jcmd, Long.toString(pid), "GC.heap_info")
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
      Matcher m = HEAP.matcher(out);
      if (m.find()) {
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
      }
    } catch (IOException e) {
      return new long[] {-1, -1};
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return new long[] {-1, -1};
  }

  /** A tool of the running JDK ({@code jcmd}, {@code jfr}), else the one on PATH. */
  static String jdkTool(String name) {
    java.nio.file.Path p = java.nio.file.Path.of(System.getProperty("java.home"), "bin", name);
    return java.nio.file.Files.isExecutable(p) ? p.toString() : name;
  }
}
