package dev.agentoutbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the BUILT worker jar ({@code audit-worker/target/audit-worker.jar}) as a subprocess, the way
 * an operator does, with a clean environment: the configuration variables of the test JVM are
 * removed and only those given are set.
 */
final class JarCli {
  static final Duration TIMEOUT = Duration.ofMinutes(2);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final List<String> CONFIG_PREFIXES =
      List.of("REDIS_", "GOVERNANCE_", "MLFLOW_", "DATABRICKS_", "RETRY_", "HEARTBEAT_", "LEDGER_");

  private final Map<String, String> env;

  JarCli(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** The same configuration plus {@code more}. */
  JarCli with(Map<String, String> more) {
    Map<String, String> m = new HashMap<>(env);
    m.putAll(more);
    return new JarCli(m);
  }

  private static Path snapshot;

  /**
   * A private copy of the built jar, taken once per test JVM, so a rebuild of {@code target/} while
   * the tests run cannot swap the jar under them.
   */
  static synchronized Path jar() {
    if (snapshot != null) {
      return snapshot;
    }
    Path jar =
        Path.of(System.getProperty("audit.worker.jar", "target/audit-worker.jar")).toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "the worker jar is not built: "
              + jar
              + " (run these tests with 'mvn verify', which packages it first)");
    }
    try {
      Path copy = Files.createTempFile("audit-worker-under-test", ".jar");
      copy.toFile().deleteOnExit();
      Files.copy(jar, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      snapshot = copy;
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** A started {@code java -jar audit-worker.jar args...}; stdout and stderr go to files. */
  static final class Running {
    final Process process;
    final Path out;
    final Path err;

    Running(Process process, Path out, Path err) {
      this.process = process;
      this.out = out;
      this.err = err;
    }

    Result await() {
      try {
        if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          throw new AssertionError("command did not finish in " + TIMEOUT + ": " + read(err));
        }
        return new Result(process.exitValue(), read(out), read(err));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }

    String stderrSoFar() {
      return read(err);
    }

    /** Sends SIGINT, as Ctrl-C does. */
    void interrupt() {
      try {
        Process kill =
            new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  Running start(String... args) {
    List<String> command = new ArrayList<>(List.of(java(), "-jar", jar().toString()));
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile("cli-out", ".txt");
      Path err = Files.createTempFile("cli-err", ".txt");
      ProcessBuilder pb =
          new ProcessBuilder(command)
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      Map<String, String> e = pb.environment();
      e.keySet().removeIf(k -> CONFIG_PREFIXES.stream().anyMatch(k::startsWith));
      e.putAll(env);
      return new Running(pb.start(), out, err);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Result run(String... args) {
    return start(args).await();
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What a command did. */
  record Result(int exitCode, String stdout, String stderr) {
    JsonNode json() {
      try {
        return MAPPER.readTree(stdout);
      } catch (IOException e) {
        throw new AssertionError("stdout is not JSON: " + stdout + "\nstderr: " + stderr, e);
      }
    }

    /** Asserts the exit code, showing the output when it differs. */
    Result exits(int expected) {
      assertThat(exitCode)
          .as("exit code; stdout:%n%s%nstderr:%n%s", stdout, stderr)
          .isEqualTo(expected);
      return this;
    }

    /** Exactly one line on stderr and no stack trace. */
    Result oneErrorLine() {
      assertThat(stderr.strip().lines().count()).as("stderr: %s", stderr).isEqualTo(1);
      assertThat(stderr).doesNotContain("\tat ").doesNotContain("Exception in thread");
      return this;
    }
  }
}
