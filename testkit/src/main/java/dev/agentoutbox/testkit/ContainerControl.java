package dev.agentoutbox.testkit;

import com.github.dockerjava.api.DockerClient;
import java.util.List;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * Stops, kills and restarts one started container in place, so it keeps its file system (data
 * survives) and its fixed host port (clients reconnect to the same address).
 */
final class ContainerControl {

  private static final int STOP_TIMEOUT_SECONDS = 10;

  private final GenericContainer<?> container;

  ContainerControl(GenericContainer<?> container) {
    this.container = container;
  }

  /** Binds {@code containerPort} to the fixed {@code hostPort}, so restarts keep the address. */
  static void bindFixedPort(GenericContainer<?> container, int hostPort, int containerPort) {
    if (!container.getExposedPorts().contains(containerPort)) {
      container.addExposedPort(containerPort);
    }
    container.setPortBindings(List.of(hostPort + ":" + containerPort));
  }

  String host() {
    return container.getHost();
  }

  void stop() {
    client().stopContainerCmd(id()).withTimeout(STOP_TIMEOUT_SECONDS).exec();
  }

  void kill() {
    client().killContainerCmd(id()).withSignal("KILL").exec();
  }

  void start() {
    client().startContainerCmd(id()).exec();
  }

  boolean isRunning() {
    Boolean running = client().inspectContainerCmd(id()).exec().getState().getRunning();
    return Boolean.TRUE.equals(running);
  }

  /** Stops and removes the container. */
  void remove() {
    container.stop();
  }

  String logs() {
    try {
      return container.getLogs();
    } catch (RuntimeException e) {
      return "(no container logs: " + e.getMessage() + ")";
    }
  }

  private String id() {
    return container.getContainerId();
  }

  private static DockerClient client() {
    return DockerClientFactory.instance().client();
  }
}
