package dev.agentoutbox.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A throwaway PostgreSQL cluster: initdb + pg_ctl in a temporary directory, trust authentication on
 * 127.0.0.1 and a Unix socket in that directory. PostgreSQL refuses to run as root, so as root the
 * commands run as user {@code postgres} through {@code runuser}. Durability is traded for speed
 * (fsync off): the cluster is deleted when stopped.
 */
final class LocalPostgres {

  static final String ENV_BIN_DIR = "AGENT_OUTBOX_PG_BINDIR";
  static final String OS_USER = "postgres";
  static final String SUPERUSER = "postgres";

  private static final Logger LOG = LoggerFactory.getLogger(LocalPostgres.class);
  private static final Path DEBIAN_BIN_DIRS = Path.of("/usr/lib/postgresql");
  private static final Duration INITDB_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final int BIND_ATTEMPTS = 3;
  private static final int MAX_CONNECTIONS = 200;

  private final Path binDir;
  private final Path dir;
  private final Path dataDir;
  private final List<String> asPostgres;
  private int port;

  private LocalPostgres(Path binDir, Path dir, List<String> asPostgres) {
    this.binDir = binDir;
    this.dir = dir;
    this.dataDir = dir.resolve("data");
    this.asPostgres = asPostgres;
  }

  static LocalPostgres start(Duration startupTimeout) {
    Path binDir = findBinDir();
    Path dir = WorkDirs.create("postgres");
    List<String> asPostgres = List.of();
    if (isRoot(dir)) {
      asPostgres = List.of(findRunuser(), "-u", OS_USER, "--");
      chownToPostgres(dir);
    }
    LocalPostgres cluster = new LocalPostgres(binDir, dir, asPostgres);
    try {
      cluster.initdb();
      cluster.startOnFreePort(startupTimeout);
      return cluster;
    } catch (RuntimeException e) {
      cluster.stop();
      throw e;
    }
  }

  int port() {
    return port;
  }

  void stop() {
    if (Files.exists(dataDir.resolve("postmaster.pid"))) {
      List<String> command = command("pg_ctl", "-D", dataDir.toString(), "-m", "immediate", "-w");
      command.add("stop");
      int exit = Commands.run(command, dir, dir.resolve("pg_ctl.log"), STOP_TIMEOUT);
      if (exit != 0) {
        LOG.warn(
            "pg_ctl stop exited with {} for the test cluster in {}; deleting it anyway", exit, dir);
      }
    }
    WorkDirs.delete(dir);
  }

  @Override
  public String toString() {
    return "local cluster " + dataDir + " (binaries " + binDir + ", log " + logFile() + ")";
  }

  private void initdb() {
    Path log = dir.resolve("initdb.log");
    List<String> command =
        command(
            "initdb",
            "-D",
            dataDir.toString(),
            "-U",
            SUPERUSER,
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync");
    int exit = Commands.run(command, dir, log, INITDB_TIMEOUT);
    if (exit != 0) {
      throw new IllegalStateException(
          "initdb exited with "
              + exit
              + " (command "
              + command
              + "). Last log lines ("
              + log
              + "):\n"
              + ProcessLogs.tail(log));
    }
  }

  private void startOnFreePort(Duration startupTimeout) {
    for (int attempt = 1; ; attempt++) {
      port = FreePort.find();
      String options =
          String.join(
              " ",
              "-p " + port,
              "-k '" + dir + "'",
              "-c listen_addresses=127.0.0.1",
              "-c max_connections=" + MAX_CONNECTIONS,
              "-c fsync=off",
              "-c synchronous_commit=off",
              "-c full_page_writes=off");
      List<String> command =
          command(
              "pg_ctl",
              "-D",
              dataDir.toString(),
              "-l",
              logFile().toString(),
              "-w",
              "-t",
              Long.toString(startupTimeout.toSeconds()),
              "-o",
              options);
      command.add("start");
      Path ctlLog = dir.resolve("pg_ctl.log");
      int exit = Commands.run(command, dir, ctlLog, startupTimeout.plusSeconds(10));
      if (exit == 0) {
        recordPostmasterPid();
        return;
      }
      String logTail = ProcessLogs.tail(logFile());
      boolean portTaken = logTail.contains("could not bind") || logTail.contains("already in use");
      if (!portTaken || attempt == BIND_ATTEMPTS) {
        throw new IllegalStateException(
            "pg_ctl start exited with "
                + exit
                + " for "
                + this
                + ". pg_ctl output:\n"
                + ProcessLogs.tail(ctlLog)
                + "\nServer log:\n"
                + logTail);
      }
      LOG.info("Port {} was taken before PostgreSQL could bind it; trying another", port);
    }
  }

  private Path logFile() {
    return dir.resolve("postgres.log");
  }

  private void recordPostmasterPid() {
    try {
      String first = Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim();
      ProcessHandle.of(Long.parseLong(first)).ifPresent(h -> WorkDirs.recordPid(dir, h));
    } catch (IOException | RuntimeException e) {
      LOG.warn("Cannot read the postmaster pid in {}: {}", dataDir, e.toString());
    }
  }

  private List<String> command(String binary, String... args) {
    List<String> command = new ArrayList<>(asPostgres);
    command.add(binDir.resolve(binary).toString());
    command.addAll(List.of(args));
    return command;
  }

  private static Path findBinDir() {
    Optional<String> fromEnv = Env.get(ENV_BIN_DIR);
    if (fromEnv.isPresent()) {
      Path dir = Path.of(fromEnv.get());
      if (!hasServerBinaries(dir)) {
        throw new IllegalStateException(ENV_BIN_DIR + "=" + dir + " has no initdb and pg_ctl");
      }
      return dir;
    }
    Optional<Path> onPath =
        Env.onPath("pg_ctl")
            .map(LocalPostgres::realParent)
            .filter(LocalPostgres::hasServerBinaries);
    if (onPath.isPresent()) {
      return onPath.get();
    }
    if (Files.isDirectory(DEBIAN_BIN_DIRS)) {
      try (Stream<Path> versions = Files.list(DEBIAN_BIN_DIRS)) {
        Optional<Path> newest =
            versions
                .map(v -> v.resolve("bin"))
                .filter(LocalPostgres::hasServerBinaries)
                .max(Comparator.comparing(LocalPostgres::majorVersion));
        if (newest.isPresent()) {
          return newest.get();
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot list " + DEBIAN_BIN_DIRS, e);
      }
    }
    throw new IllegalStateException(
        "No PostgreSQL server binaries (initdb, pg_ctl) on PATH or in "
            + DEBIAN_BIN_DIRS
            + "/*/bin. Run `source scripts/lib/provision.sh && ensure_postgres`, install the"
            + " postgresql package, set "
            + ENV_BIN_DIR
            + ", or point "
            + PostgresServer.ENV_URL
            + " at a running server.");
  }

  private static Path realParent(Path binary) {
    try {
      return binary.toRealPath().getParent();
    } catch (IOException e) {
      return binary.getParent();
    }
  }

  private static boolean hasServerBinaries(Path dir) {
    return Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("pg_ctl"));
  }

  private static int majorVersion(Path binDir) {
    try {
      return Integer.parseInt(binDir.getParent().getFileName().toString());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static boolean isRoot(Path ownDir) {
    try {
      return Integer.valueOf(0).equals(Files.getAttribute(ownDir, "unix:uid"));
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  private static String findRunuser() {
    return Env.onPath("runuser")
        .or(
            () ->
                Stream.of("/usr/sbin/runuser", "/sbin/runuser")
                    .map(Path::of)
                    .filter(Files::isExecutable)
                    .findFirst())
        .map(Path::toString)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "Running as root, and PostgreSQL refuses to run as root, but runuser is"
                        + " missing: install util-linux or run the tests as another user"));
  }

  private static void chownToPostgres(Path dir) {
    UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
    UserPrincipal user;
    GroupPrincipal group;
    try {
      user = lookup.lookupPrincipalByName(OS_USER);
      group = lookup.lookupPrincipalByGroupName(OS_USER);
    } catch (UserPrincipalNotFoundException e) {
      throw new IllegalStateException(
          "Running as root: PostgreSQL must run as OS user '"
              + OS_USER
              + "', which does not exist. Run `source scripts/lib/provision.sh &&"
              + " ensure_postgres` or `useradd --system --user-group "
              + OS_USER
              + "`.",
          e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot look up OS user " + OS_USER, e);
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        PosixFileAttributeView view =
            Files.getFileAttributeView(path, PosixFileAttributeView.class);
        view.setOwner(user);
        view.setGroup(group);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot hand " + dir + " over to OS user " + OS_USER, e);
    }
  }
}
