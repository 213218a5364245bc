package dev.agentoutbox.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;

/**
 * Finds a redis-server executable: env {@value #ENV_BIN}, else {@code redis-server} on PATH, else
 * the prebuilt binary shipped in the {@code com.github.codemonstur:embedded-redis} jar, extracted
 * once into {@code ~/.cache/agent-outbox/redis/}.
 */
final class RedisBinary {

  static final String ENV_BIN = "REDIS_SERVER_BIN";
  static final Path CACHE_DIR = Env.home().resolve(".cache/agent-outbox/redis");

  private RedisBinary() {}

  static Path resolve() {
    var fromEnv = Env.get(ENV_BIN);
    if (fromEnv.isPresent()) {
      Path bin = Path.of(fromEnv.get());
      if (!Files.isExecutable(bin)) {
        throw new IllegalStateException(ENV_BIN + "=" + bin + " is not an executable file");
      }
      return bin;
    }
    return Env.onPath("redis-server").orElseGet(RedisBinary::extractEmbedded);
  }

  static synchronized Path extractEmbedded() {
    String resource = embeddedResourceName();
    Path target = CACHE_DIR.resolve(resource);
    if (Files.isExecutable(target)) {
      return target;
    }
    try (InputStream in = RedisBinary.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "No redis-server on PATH, "
                + ENV_BIN
                + " unset, and resource "
                + resource
                + " missing: is com.github.codemonstur:embedded-redis on the classpath?");
      }
      Files.createDirectories(CACHE_DIR);
      Path partial = Files.createTempFile(CACHE_DIR, resource, ".part");
      try {
        Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.move(
            partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(partial);
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot extract " + resource + " into " + CACHE_DIR, e);
    }
  }

  static String embeddedResourceName() {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    boolean arm = arch.equals("aarch64") || arch.equals("arm64");
    boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
    if (os.contains("mac") || os.contains("darwin")) {
      if (arm) {
        return "redis-server-6.2.6-v5-darwin-arm64";
      }
      if (x64) {
        return "redis-server-6.2.6-v5-darwin-amd64";
      }
    } else if (os.contains("linux")) {
      if (x64) {
        return "redis-server-6.2.6-v5-linux-amd64";
      }
      if (arm) {
        return "redis-server-6.2.7-linux-arm64";
      }
    }
    throw new IllegalStateException(
        "No embedded redis-server for os.name="
            + os
            + " os.arch="
            + arch
            + ": install redis-server or set "
            + ENV_BIN);
  }
}
