package dev.agentoutbox.bench;

import dev.agentoutbox.e2e.Pipeline;
import dev.agentoutbox.testkit.ChildProcess;
import dev.agentoutbox.testkit.FreePort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * agent-api and audit-worker started from the built jars with any environment (the e2e {@code
 * Pipeline} fixes the API's environment; the user-wait benchmark needs the agent's simulated
 * latencies there).
 */
public final class Services {

  private Services() {}

  /** A started process and the port it answers on. */
  public record Started(ChildProcess process, int port) {
    public String url() {
      return "http://127.0.0.1:" + port;
    }
  }

  public static Path apiJar(Path root) {
    return root.resolve("agent-api/target/agent-api.jar");
  }

  public static Path workerJar(Path root) {
    return root.resolve("audit-worker/target/audit-worker.jar");
  }

  public static Started api(Path root, Path workDir, String name, Map<String, String> extraEnv)
      throws IOException {
    Files.createDirectories(workDir);
    int port = FreePort.find();
    Map<String, String> env = new HashMap<>(extraEnv);
    env.put("PORT", Integer.toString(port));
    env.putIfAbsent("SPOOL_DIR", workDir.resolve(name + "-spool").toString());
    ChildProcess p =
        ChildProcess.start(
            name,
            List.of(java(), "-Xmx256m", "-jar", apiJar(root).toString()),
            env,
            workDir,
            workDir.resolve(name + ".log"));
    awaitHttp("http://127.0.0.1:" + port + "/healthz", p);
    return new Started(p, port);
  }

  public static Started worker(
      Path root, Path workDir, String name, Map<String, String> extraEnv, List<String> jvmArgs)
      throws IOException {
    Files.createDirectories(workDir);
    int port = FreePort.find();
    Map<String, String> env = new HashMap<>(extraEnv);
    env.put("HEALTH_PORT", Integer.toString(port));
    List<String> cmd = new ArrayList<>();
    cmd.add(java());
    cmd.add("-Xmx384m");
    cmd.addAll(jvmArgs);
    cmd.addAll(List.of("-jar", workerJar(root).toString(), "run"));
    ChildProcess p = ChildProcess.start(name, cmd, env, workDir, workDir.resolve(name + ".log"));
    awaitHttp("http://127.0.0.1:" + port + "/healthz", p);
    return new Started(p, port);
  }

  static String java() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  private static void awaitHttp(String url, ChildProcess process) {
    Pipeline.awaitHttp(url, Duration.ofSeconds(90), process);
  }
}
