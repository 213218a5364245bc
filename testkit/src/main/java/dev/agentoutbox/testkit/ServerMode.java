package dev.agentoutbox.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * Chooses between local server processes and Testcontainers. Env {@value #ENV_MODE}: {@code local}
 * (never probe Docker), {@code docker} (always use containers) or {@code auto} (default: containers
 * only when a Docker engine answers).
 */
public final class ServerMode {

  public static final String ENV_MODE = "AGENT_OUTBOX_TESTKIT_MODE";

  private static final Logger LOG = LoggerFactory.getLogger(ServerMode.class);
  private static volatile Boolean useContainers;

  private ServerMode() {}

  /** True when servers run as Testcontainers, false when they run as local processes. */
  public static boolean useContainers() {
    Boolean cached = useContainers;
    if (cached == null) {
      synchronized (ServerMode.class) {
        cached = useContainers;
        if (cached == null) {
          cached = decide();
          useContainers = cached;
          LOG.info(
              "Test servers run as {} ({}={})",
              cached ? "Testcontainers" : "local processes",
              ENV_MODE,
              Env.get(ENV_MODE).orElse("auto"));
        }
      }
    }
    return cached;
  }

  private static boolean decide() {
    String mode = Env.get(ENV_MODE).orElse("auto").toLowerCase(Locale.ROOT);
    switch (mode) {
      case "local":
        return false;
      case "docker":
        return true;
      case "auto":
        // Asking Testcontainers when there is no engine at all logs a misleading ERROR.
        return engineMayExist() && DockerClientFactory.instance().isDockerAvailable();
      default:
        throw new IllegalStateException(
            ENV_MODE + " must be local, docker or auto, but is '" + mode + "'");
    }
  }

  /** False only when no Docker endpoint is configured and no usual socket exists. */
  private static boolean engineMayExist() {
    if (Env.get("DOCKER_HOST").isPresent() || Env.get("DOCKER_CONTEXT").isPresent()) {
      return true;
    }
    Path home = Env.home();
    if (Files.exists(home.resolve(".testcontainers.properties"))) {
      return true;
    }
    Optional<Path> runtimeDir = Env.get("XDG_RUNTIME_DIR").map(Path::of);
    return Stream.concat(
            Stream.of(
                Path.of("/var/run/docker.sock"),
                home.resolve(".docker/run/docker.sock"),
                home.resolve(".docker/desktop/docker.sock"),
                home.resolve(".colima/default/docker.sock"),
                home.resolve(".rd/docker.sock")),
            runtimeDir.map(dir -> dir.resolve("docker.sock")).stream())
        .anyMatch(Files::exists);
  }
}
