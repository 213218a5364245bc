package dev.agentoutbox.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Temporary directories of local servers, all under {@code <java.io.tmpdir>/agent-outbox-testkit}.
 * Each records the JVM that owns it and the server processes started in it. The first directory
 * created by a JVM triggers a sweep that stops servers whose owning JVM died without running its
 * shutdown hooks (SIGKILL, OOM killer) and deletes their directories.
 */
final class WorkDirs {

  static final Path ROOT = Path.of(System.getProperty("java.io.tmpdir"), "agent-outbox-testkit");

  private static final Logger LOG = LoggerFactory.getLogger(WorkDirs.class);
  private static final String OWNER_FILE = "owner";
  private static final String PIDS_FILE = "pids";
  private static final Duration FRESH_DIR_AGE = Duration.ofMinutes(1);
  private static final Duration STOP_WAIT = Duration.ofSeconds(10);
  private static boolean swept;

  private WorkDirs() {}

  /** Creates a fresh directory named after {@code kind}, owned by this JVM. */
  static Path create(String kind) {
    sweepOnce();
    try {
      Files.createDirectories(ROOT);
      trySetWorldReadable(ROOT);
      Path dir = Files.createTempDirectory(ROOT, kind + "-");
      Files.writeString(dir.resolve(OWNER_FILE), describe(ProcessHandle.current()) + "\n");
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a work directory under " + ROOT, e);
    }
  }

  /** Records a server process started in {@code dir}, so a later sweep can stop it. */
  static void recordPid(Path dir, ProcessHandle process) {
    if (!dir.toAbsolutePath().startsWith(ROOT)) {
      return;
    }
    try {
      Files.writeString(
          dir.resolve(PIDS_FILE),
          describe(process) + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      LOG.warn("Cannot record pid {} in {}: {}", process.pid(), dir, e.getMessage());
    }
  }

  /** Deletes {@code dir} and everything in it; failures are logged, not thrown. */
  static void delete(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("Cannot delete {}: {}", dir, e.getMessage());
    }
  }

  private static synchronized void sweepOnce() {
    if (swept) {
      return;
    }
    swept = true;
    if (!Files.isDirectory(ROOT)) {
      return;
    }
    try (Stream<Path> dirs = Files.list(ROOT)) {
      dirs.filter(Files::isDirectory).filter(WorkDirs::isAbandoned).forEach(WorkDirs::reap);
    } catch (IOException | RuntimeException e) {
      LOG.warn("Cannot sweep stale servers under {}: {}", ROOT, e.toString());
    }
  }

  private static boolean isAbandoned(Path dir) {
    try {
      Path owner = dir.resolve(OWNER_FILE);
      String description = Files.exists(owner) ? Files.readString(owner).trim() : "";
      if (description.isEmpty()) {
        // Being created right now, or created by a JVM killed before it wrote the owner file.
        Instant modified = Files.getLastModifiedTime(dir).toInstant();
        return modified.plus(FRESH_DIR_AGE).isBefore(Instant.now());
      }
      return !isAlive(description);
    } catch (IOException e) {
      return false;
    }
  }

  private static void reap(Path dir) {
    List<ProcessHandle> alive = new ArrayList<>();
    try {
      Path pids = dir.resolve(PIDS_FILE);
      if (Files.exists(pids)) {
        for (String line : Files.readAllLines(pids)) {
          find(line.trim()).ifPresent(process -> alive.addAll(ProcessTrees.snapshot(process)));
        }
      }
    } catch (IOException e) {
      LOG.warn("Cannot read pids of stale dir {}: {}", dir, e.getMessage());
      return;
    }
    ProcessTrees.signal(alive, false);
    if (!ProcessTrees.awaitGone(alive, STOP_WAIT)) {
      ProcessTrees.signal(alive, true);
      ProcessTrees.awaitGone(alive, STOP_WAIT);
    }
    LOG.warn(
        "Stopped {} server process(es) and deleted {}: left behind by a test JVM that was killed",
        alive.size(),
        dir);
    delete(dir);
  }

  private static boolean isAlive(String description) {
    return find(description).isPresent();
  }

  /** The live process matching a "pid startMillis" line, if the pid was not reused since. */
  private static Optional<ProcessHandle> find(String description) {
    String[] parts = description.split("\\s+");
    if (parts[0].isEmpty()) {
      return Optional.empty();
    }
    long pid;
    try {
      pid = Long.parseLong(parts[0]);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(h -> !ProcessTrees.isGone(h));
    if (parts.length < 2 || parts[1].equals("-")) {
      return handle;
    }
    return handle.filter(h -> parts[1].equals(startMillis(h)));
  }

  private static String describe(ProcessHandle process) {
    return process.pid() + " " + startMillis(process);
  }

  private static String startMillis(ProcessHandle process) {
    return process.info().startInstant().map(i -> Long.toString(i.toEpochMilli())).orElse("-");
  }

  private static void trySetWorldReadable(Path dir) {
    try {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException | UnsupportedOperationException e) {
      // Created by another user or not a POSIX file system: the default permissions will do.
    }
  }
}
