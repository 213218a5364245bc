package dev.agentoutbox.testkit;

import java.nio.file.Path;
import java.util.Optional;

/** Environment lookups that treat blank values as unset. */
final class Env {

  private Env() {}

  static Optional<String> get(String name) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  static Path home() {
    return Path.of(System.getProperty("user.home"));
  }

  /** The first executable named {@code name} on PATH. */
  static Optional<Path> onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (java.nio.file.Files.isRegularFile(candidate)
          && java.nio.file.Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
