package dev.agentoutbox.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Picks TCP ports on the loopback interface that are free right now. */
public final class FreePort {

  private static final int MAX_ATTEMPTS = 50;
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private FreePort() {}

  /**
   * Returns a loopback port that nothing listens on and that this JVM has not handed out before, so
   * two servers started by the same JVM never race for one port.
   */
  public static int find() {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      int port = bindEphemeral();
      if (HANDED_OUT.add(port)) {
        return port;
      }
    }
    throw new IllegalStateException(
        "No free loopback port found after " + MAX_ATTEMPTS + " attempts");
  }

  private static int bindEphemeral() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot bind an ephemeral loopback port", e);
    }
  }
}
