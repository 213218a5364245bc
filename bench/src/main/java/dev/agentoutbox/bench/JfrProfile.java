package dev.agentoutbox.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JDK Flight Recorder profile of a worker process: the JDK's {@code profile} settings with every
 * socket read recorded (threshold 0), so the time worker threads spend waiting on each server
 * (MLflow, PostgreSQL, Redis) can be added up next to the CPU samples.
 */
public final class JfrProfile {
  public static final String RECORDING = "bench";
  private static final Pattern SOCKET_THRESHOLD =
      Pattern.compile(
          "(<event name=\"jdk\\.Socket(?:Read|Write)\">.*?<setting name=\"threshold\"[^>]*>)[^<]*(</setting>)",
          Pattern.DOTALL);

  private JfrProfile() {}

  /** Writes the settings file; returns the JVM option that starts the recording. */
  public static String jvmOption(Path dir, Path recording) throws IOException {
    Path profile = Path.of(System.getProperty("java.home"), "lib", "jfr", "profile.jfc");
    String jfc = Files.readString(profile);
    Matcher m = SOCKET_THRESHOLD.matcher(jfc);
    jfc = m.replaceAll("$10 ms$2");
    Files.createDirectories(dir);
    Path settings = dir.resolve("bench-profile.jfc");
    Files.writeString(settings, jfc);
    return "-XX:StartFlightRecording=name="
        + RECORDING
        + ",settings="
        + settings
        + ",filename="
        + recording
        + ",dumponexit=true";
  }

  /** {@code jcmd PID JFR.dump}: writes the recording so far. */
  public static void dump(long pid, Path recording) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                Footprint.jdkTool("jcmd"),
                Long.toString(pid),
                "JFR.dump",
                "name=" + RECORDING,
                "filename=" + recording)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("jcmd JFR.dump failed: " + out);
    }
  }

  /**
   * Hot spots of a recording.
   *
   * @param ports server name by TCP port, to attribute socket reads
   * @param threadPrefix name prefix of the worker threads; a prefix starting with {@code "only:"}
   *     keeps the CPU samples of those threads alone
   * @param fromEpochMs events before this are ignored (start-up, idle)
   * @param toEpochMs events after this are ignored
   */
  public static ObjectNode summarize(
      Path recording,
      Map<Integer, String> ports,
      String threadPrefix,
      long fromEpochMs,
      long toEpochMs)
      throws IOException {
    Map<String, Long> selfMethods = new HashMap<>();
    Map<String, Long> ourFrames = new HashMap<>();
    Map<String, Long> packages = new HashMap<>();
    Map<String, Long> waitNanosByServer = new HashMap<>();
    Map<String, Long> readsByServer = new HashMap<>();
    Map<String, Long> eventCounts = new HashMap<>();
    boolean onlyWorkers = threadPrefix.startsWith("only:");
    String prefix = onlyWorkers ? threadPrefix.substring("only:".length()) : threadPrefix;
    long samples = 0;
    long workerSamples = 0;
    long gcNanos = 0;
    long gcCount = 0;
    double cpuJvm = 0;
    double cpuMachine = 0;
    long cpuEvents = 0;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
      String type = e.getEventType().getName();
      long t = e.getStartTime().toEpochMilli();
      if (t < fromEpochMs || t > toEpochMs) {
        continue;
      }
      eventCounts.merge(type, 1L, Long::sum);
      first = Math.min(first, t);
      last = Math.max(last, t);
      switch (type) {
        case "jdk.ExecutionSample" -> {
          samples++;
          RecordedThread th = e.getThread("sampledThread");
          boolean worker =
              th != null && th.getJavaName() != null && th.getJavaName().startsWith(prefix);
          if (onlyWorkers && !worker) {
            continue;
          }
          if (worker) {
            workerSamples++;
          }
          RecordedStackTrace st = e.getStackTrace();
          if (st == null || st.getFrames().isEmpty()) {
            continue;
          }
          List<RecordedFrame> frames = st.getFrames();
          RecordedFrame top = frames.get(0);
          selfMethods.merge(name(top), 1L, Long::sum);
          packages.merge(area(top), 1L, Long::sum);
          for (RecordedFrame f : frames) {
            if (f.isJavaFrame()
                && f.getMethod().getType().getName().startsWith("dev.agentoutbox")) {
              ourFrames.merge(name(f), 1L, Long::sum);
              break;
            }
          }
        }
        case "jdk.SocketRead" -> {
          int port = e.getInt("port");
          String server = ports.getOrDefault(port, "other (health probes, ephemeral ports)");
          waitNanosByServer.merge(server, e.getDuration().toNanos(), Long::sum);
          readsByServer.merge(server, 1L, Long::sum);
        }
        case "jdk.GarbageCollection" -> {
          gcCount++;
          gcNanos += e.getDuration().toNanos();
        }
        case "jdk.CPULoad" -> {
          cpuEvents++;
          cpuJvm += e.getFloat("jvmUser") + e.getFloat("jvmSystem");
          cpuMachine += e.getFloat("machineTotal");
        }
        default -> {}
      }
    }
    ObjectNode out = Json.object();
    double seconds = last > first ? (last - first) / 1000.0 : 0;
    out.put("recording_seconds", Percentiles.round(seconds));
    out.put("execution_samples", samples);
    out.put("execution_samples_on_worker_threads", workerSamples);
    out.set("top_self_methods", top(selfMethods, samples, 15));
    out.set("top_code_areas", top(packages, samples, 12));
    out.set("top_our_frames_inclusive", top(ourFrames, samples, 12));
    ObjectNode wait = out.putObject("socket_read_wait_by_server");
    waitNanosByServer.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(
            en -> {
              ObjectNode w = wait.putObject(en.getKey());
              w.put("seconds", Percentiles.round(en.getValue() / 1e9));
              w.put("reads", readsByServer.get(en.getKey()));
              w.put(
                  "mean_ms",
                  Percentiles.round(
                      en.getValue() / 1e6 / Math.max(1, readsByServer.get(en.getKey()))));
            });
    out.put("gc_pauses", gcCount);
    out.put("gc_pause_seconds", Percentiles.round(gcNanos / 1e9));
    out.put(
        "jvm_cpu_percent_of_machine",
        cpuEvents == 0 ? -1 : Percentiles.round(100 * cpuJvm / cpuEvents));
    out.put(
        "machine_cpu_percent",
        cpuEvents == 0 ? -1 : Percentiles.round(100 * cpuMachine / cpuEvents));
    out.set("event_counts", top(eventCounts, -1, 12));
    return out;
  }

  /** The output of {@code jfr summary FILE}, for the record. */
  public static String jfrSummary(Path recording) {
    try {
      Process p =
          new ProcessBuilder(Footprint.jdkTool("jfr"), "summary", recording.toString())
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(60, TimeUnit.SECONDS);
      return out;
    } catch (IOException e) {
      return "jfr summary failed: " + e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  private static String name(RecordedFrame f) {
    String type = f.getMethod().getType().getName();
    return type + "." + f.getMethod().getName();
  }

  /** A coarse owner of a frame: library or JDK area. */
  static String area(RecordedFrame f) {
    String t = f.getMethod().getType().getName();
    Map<String, String> prefixes = new LinkedHashMap<>();
    prefixes.put("dev.agentoutbox", "our code (dev.agentoutbox)");
    prefixes.put("com.fasterxml.jackson", "Jackson JSON");
    prefixes.put("redis.clients", "Jedis (Redis client)");
    prefixes.put("net.greghaines.jesque", "Jesque");
    prefixes.put("org.mlflow", "MLflow client");
    prefixes.put("org.apache.http", "Apache HttpClient (MLflow client)");
    prefixes.put("com.google.protobuf", "protobuf (MLflow client)");
    prefixes.put("com.google.gson", "Gson (MLflow client)");
    prefixes.put("org.postgresql", "PostgreSQL JDBC");
    prefixes.put("com.zaxxer.hikari", "HikariCP");
    prefixes.put("ch.qos.logback", "Logback");
    prefixes.put("org.slf4j", "SLF4J");
    prefixes.put("sun.nio", "JDK NIO/sockets");
    prefixes.put("java.net", "JDK NIO/sockets");
    prefixes.put("sun.net", "JDK NIO/sockets");
    prefixes.put("java.io", "JDK I/O");
    prefixes.put("java.lang.invoke", "JDK lambdas/reflection");
    prefixes.put("java.util.concurrent", "JDK concurrency");
    prefixes.put("java.util.regex", "JDK regex");
    prefixes.put("java.util", "JDK collections/util");
    prefixes.put("java.lang", "JDK lang (strings, etc.)");
    prefixes.put("jdk.internal", "JDK internal");
    prefixes.put("sun.security", "JDK security");
    for (Map.Entry<String, String> p : prefixes.entrySet()) {
      if (t.startsWith(p.getKey())) {
        return p.getValue();
      }
    }
    return "other (" + (t.contains(".") ? t.substring(0, t.lastIndexOf('.')) : t) + ")";
  }

  private static ArrayNode top(Map<String, Long> counts, long total, int limit) {
    ArrayNode a = Json.array();
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(limit)
        .forEach(
            en -> {
              ObjectNode o = a.addObject();
              o.put("name", en.getKey());
              o.put("count", en.getValue());
              if (total > 0) {
                o.put("percent", Percentiles.round(100.0 * en.getValue() / total));
              }
            });
    return a;
  }
}
