package dev.agentoutbox.queue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The unique id of one worker process: {@code host:pid:random}. Host and pid alone repeat across
 * container restarts (pid 1 in every container); the random part does not. Worker thread names are
 * {@code <process id>#<slot>-<generation>}, so the reaper can find a thread's process.
 */
public record ProcessIdentity(String id) {
  private static final SecureRandom RANDOM = new SecureRandom();

  public ProcessIdentity {
    if (id == null || id.isBlank() || id.contains("#")) {
      throw new IllegalArgumentException("process id must be non-blank and without '#': " + id);
    }
  }

  public static ProcessIdentity generate() {
    byte[] b = new byte[4];
    RANDOM.nextBytes(b);
    return new ProcessIdentity(
        hostName() + ":" + ProcessHandle.current().pid() + ":" + HexFormat.of().formatHex(b));
  }

  /** The name of worker thread {@code slot}, started for the {@code generation}-th time. */
  public String workerName(int slot, int generation) {
    return id + "#" + slot + "-" + generation;
  }

  /** The process id part of a worker name. */
  public static String processOf(String workerName) {
    int hash = workerName.lastIndexOf('#');
    return hash < 0 ? workerName : workerName.substring(0, hash);
  }

  private static String hostName() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown-host";
    }
  }
}
