package dev.agentoutbox.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The machine and the code a run measured. */
public final class MachineFacts {
  private MachineFacts() {}

  public static ObjectNode collect(Path root) {
    ObjectNode m = Json.object();
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("cpu_model", firstValue(Path.of("/proc/cpuinfo"), "model name"));
    long memKb = kb(Path.of("/proc/meminfo"), "MemTotal");
    m.put("memory_gb", Percentiles.round(memKb / 1024.0 / 1024.0));
    m.put("os", osName());
    m.put("kernel", System.getProperty("os.version"));
    m.put(
        "jdk",
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    m.put("loadavg_at_start", ProcStat.loadAverage());
    m.put(
        "top_at_start",
        run(root, List.of("top", "-bn1")).lines().limit(15).reduce("", (a, b) -> a + b + "\n"));
    ObjectNode git = m.putObject("git");
    git.put("commit", run(root, List.of("git", "rev-parse", "HEAD")).trim());
    String dirty =
        run(
            root,
            List.of(
                "git",
                "status",
                "--porcelain",
                "--",
                "common/src/main",
                "agent-api/src/main",
                "audit-worker/src/main/java/dev/agentoutbox/worker",
                "audit-worker/src/main/java/dev/agentoutbox/sink",
                "audit-worker/pom.xml",
                "common/pom.xml",
                "agent-api/pom.xml"));
    ArrayNode files = git.putArray("uncommitted_in_measured_modules");
    dirty.lines().filter(l -> !l.isBlank()).forEach(files::add);
    return m;
  }

  private static String osName() {
    try {
      for (String l : Files.readAllLines(Path.of("/etc/os-release"))) {
        if (l.startsWith("PRETTY_NAME=")) {
          return l.substring("PRETTY_NAME=".length()).replace("\"", "");
        }
      }
    } catch (IOException e) {
      // fall through
    }
    return System.getProperty("os.name");
  }

  private static String firstValue(Path file, String key) {
    try {
      for (String l : Files.readAllLines(file)) {
        if (l.startsWith(key)) {
          return l.substring(l.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException e) {
      return "?";
    }
    return "?";
  }

  private static long kb(Path file, String key) {
    String v = firstValue(file, key);
    try {
      return Long.parseLong(v.split("\\s+")[0]);
    } catch (RuntimeException e) {
      return -1;
    }
  }

  static String run(Path dir, List<String> command) {
    try {
      Process p =
          new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(30, TimeUnit.SECONDS);
      return out;
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}
