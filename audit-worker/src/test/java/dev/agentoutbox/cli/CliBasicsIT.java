package dev.agentoutbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentoutbox.queue.RedisSettings;
import dev.agentoutbox.testkit.FreePort;
import dev.agentoutbox.testkit.RedisServer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Help, completion, exit codes and error lines of the jar's operator commands. */
class CliBasicsIT {
  private static RedisServer redis;
  private RedisSettings settings;
  private JarCli cli;

  @BeforeAll
  static void startRedis() {
    redis = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @BeforeEach
  void setUp() {
    String ns = "cli" + Long.toHexString(System.nanoTime());
    settings = RedisSettings.builder().url(redis.url()).namespace(ns).build();
    cli = new JarCli(Map.of("REDIS_URL", redis.url(), "REDIS_NAMESPACE", ns));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "stats",
        "workers",
        "failed",
        "failed list",
        "failed show",
        "failed requeue",
        "failed purge",
        "failed history",
        "verify",
        "reap",
        "completion"
      })
  void everyCommandHasHelpWithExamplesAndExitCodes(String command) {
    String[] args = (command + " --help").split(" ");
    JarCli.Result r = cli.run(args).exits(0);
    assertThat(r.stdout())
        .contains("Usage: audit-worker " + command)
        .contains("Examples:")
        .contains("  audit-worker ")
        .contains("Exit codes:")
        .contains("Redis unreachable");
  }

  @Test
  void rootHelpListsTheCommands() {
    JarCli.Result r = cli.run("--help").exits(0);
    assertThat(r.stdout())
        .contains("run", "stats", "workers", "failed", "verify", "reap", "completion");
  }

  @Test
  void completionScriptCompletesCommandsAndReasons() {
    JarCli.Result r = cli.run("completion").exits(0);
    assertThat(r.stdout())
        .contains("complete -F")
        .contains("audit-worker")
        .contains("requeue")
        .contains("--yes-i-am-sure")
        .contains("retries-exhausted");
  }

  @Test
  void statsOfAnEmptyQueue() {
    JarCli.Result r = cli.run("stats").exits(0);
    assertThat(r.stdout()).contains("waiting", "in flight", "dead letters", "e2e lag");
    assertThat(r.stderr()).isEmpty();
    assertThat(cli.run("stats", "--json").exits(0).json().path("waiting").asLong()).isZero();
  }

  @Test
  void unreachableRedisIsOneLineAndExitCode4() {
    int closed = FreePort.find();
    JarCli.Result r =
        cli.run("stats", "--redis-url", "redis://127.0.0.1:" + closed).exits(4).oneErrorLine();
    assertThat(r.stderr())
        .startsWith("audit-worker stats: Redis redis://127.0.0.1:" + closed + " unreachable")
        .contains("Connection refused");
    JarCli.Result verbose =
        cli.run("failed", "list", "--redis-url", "redis://127.0.0.1:" + closed, "--verbose")
            .exits(4);
    assertThat(verbose.stderr()).contains("\tat ");
  }

  @Test
  void malformedTimesNameTheFlag() {
    JarCli.Result r = cli.run("failed", "list", "--since", "yesterday").exits(2).oneErrorLine();
    assertThat(r.stderr()).contains("'--since'").contains("yesterday").contains("15m");
    cli.run("verify", "--since", "2026-13-45T00:00:00Z").exits(2).oneErrorLine();
    JarCli.Result order =
        cli.run("failed", "list", "--since", "1h", "--until", "2h").exits(2).oneErrorLine();
    assertThat(order.stderr()).contains("--since").contains("is after --until");
    cli.run("failed", "list", "--limit", "0").exits(2).oneErrorLine();
    cli.run("failed", "list", "--reason", "bored").exits(2).oneErrorLine();
    cli.run("failed", "list", "--bogus").exits(2).oneErrorLine();
  }

  @Test
  void unknownIdsExit3() {
    String id = UUID.randomUUID().toString();
    JarCli.Result show = cli.run("failed", "show", id).exits(3).oneErrorLine();
    assertThat(show.stderr()).contains("no dead letter '" + id + "'");
    JarCli.Result requeue = cli.run("failed", "requeue", id).exits(3);
    assertThat(requeue.stdout()).contains("not found").contains(id);
    cli.run("failed", "history", "--batch", "nope").exits(3).oneErrorLine();
  }

  @Test
  void showSaysWhereAnIdIsWhenItIsNotADeadLetter() throws Exception {
    String id = DeadLetterFixture.enqueue(settings, 1).get(0);
    JarCli.Result r = cli.run("failed", "show", id).exits(3).oneErrorLine();
    assertThat(r.stderr()).contains("it is queued");
  }

  @Test
  void selectionsMustBeExplicit() {
    cli.run("failed", "requeue").exits(2).oneErrorLine();
    cli.run("failed", "requeue", "some-id", "--all").exits(2).oneErrorLine();
    cli.run("failed", "requeue", "--all", "--sink", "mlflow").exits(2).oneErrorLine();
    JarCli.Result purge = cli.run("failed", "purge", "--all").exits(2).oneErrorLine();
    assertThat(purge.stderr()).contains("--yes-i-am-sure");
  }

  @Test
  void verifyNeedsSinkConfiguration() {
    JarCli.Result r =
        cli.run("verify", "--since", "1h", "--sinks", "mlflow").exits(2).oneErrorLine();
    assertThat(r.stderr()).contains("MLFLOW_TRACKING_URI");
    cli.run("verify", "--since", "1h", "--sinks", "kafka").exits(2).oneErrorLine();
    cli.run("verify").exits(2).oneErrorLine();
  }

  @Test
  void verifyWithUnreachableDatabaseExits5AndUnreachableMlflowExits6() throws Exception {
    DeadLetterFixture.enqueue(settings, 1);
    int closed = FreePort.find();
    JarCli.Result db =
        cli.with(Map.of("GOVERNANCE_CONNECT_TIMEOUT_MS", "1000"))
            .run(
                "verify",
                "--since",
                "1h",
                "--sinks",
                "governance",
                "--governance-jdbc-url",
                "jdbc:postgresql://127.0.0.1:" + closed + "/governance")
            .exits(5)
            .oneErrorLine();
    assertThat(db.stderr()).contains("governance database jdbc:postgresql://127.0.0.1:" + closed);
    JarCli.Result mlflow =
        cli.run(
                "verify",
                "--since",
                "1h",
                "--sinks",
                "mlflow",
                "--mlflow-uri",
                "http://127.0.0.1:" + closed)
            .exits(6)
            .oneErrorLine();
    assertThat(mlflow.stderr()).contains("MLflow http://127.0.0.1:" + closed + " unreachable");
  }

  @Test
  void verifyOfAnEmptyWindowPasses() {
    JarCli.Result r = cli.run("verify", "--since", "15m", "--sinks", "governance").exits(0);
    assertThat(r.stdout()).contains("0 accepted ids").contains("OK");
  }

  @Test
  void reapWithNothingToRecover() {
    assertThat(cli.run("reap").exits(0).stdout()).contains("nothing to recover");
    assertThat(cli.run("workers").exits(0).stdout()).contains("no workers");
    assertThat(cli.run("workers", "--json").exits(0).json().isArray()).isTrue();
    assertThat(List.of(cli.run("failed", "history").exits(0).stdout()))
        .allMatch(s -> s.contains("no operator actions"));
  }
}
