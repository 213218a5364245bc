package dev.agentoutbox.sink.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.agentoutbox.sink.SinkException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The official-client gateway against a real MLflow server, with network faults in front of it. */
class MlflowClientGatewayTest {
  /** Far above any deadline used here: only there so that a regression fails instead of hanging. */
  private static final Duration HANG_GUARD = Duration.ofMinutes(2);

  private static URI trackingUri;

  @BeforeAll
  static void startServer() {
    trackingUri = TestMlflow.trackingUri();
  }

  @Test
  void aServerThatNeverAnswersFailsTransientAndTheRebuiltClientWorks() throws Exception {
    try (FaultProxy proxy = new FaultProxy(trackingUri);
        MlflowClientGateway gateway = gateway(proxy.uri(), Duration.ofMillis(800))) {
      proxy.mode(FaultProxy.Mode.BLACKHOLE);

      assertThatThrownBy(() -> gateway.findExperimentId("anything"))
          .isInstanceOfSatisfying(
              MlflowCallException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(SinkException.Kind.TRANSIENT);
                assertThat(e.httpStatus()).isZero();
                assertThat(e.getMessage()).contains("deadline");
              });
      assertThat(gateway.clientRebuilds()).isEqualTo(1);

      proxy.mode(FaultProxy.Mode.PASS);
      String name = "gateway-test-" + UUID.randomUUID();
      String id = gateway.getOrCreateExperiment(name);
      assertThat(gateway.findExperimentId(name)).contains(id);
      // the abandoned call was unblocked when its client was closed: no thread hangs forever
      await().atMost(HANG_GUARD).until(() -> gateway.callsInFlight() == 0);
    }
  }

  /**
   * The official client retries 429 with growing sleeps (1 s, 2 s, ...) and leaks a pooled
   * connection per 429 answer; with 2 connections per host the third try blocks forever. The
   * deadline is long enough to reach that state.
   */
  @Test
  void endless429FailsTransientAndTheRebuiltClientIsNotPoisoned() throws Exception {
    try (FaultProxy proxy = new FaultProxy(trackingUri);
        MlflowClientGateway gateway = gateway(proxy.uri(), Duration.ofMillis(4_500))) {
      proxy.mode(FaultProxy.Mode.TOO_MANY_REQUESTS);

      assertThatThrownBy(() -> gateway.findExperimentId("anything"))
          .isInstanceOfSatisfying(
              MlflowCallException.class,
              e -> assertThat(e.kind()).isEqualTo(SinkException.Kind.TRANSIENT));
      assertThat(proxy.tooManyAnswers()).isPositive();
      assertThat(gateway.clientRebuilds()).isEqualTo(1);

      proxy.mode(FaultProxy.Mode.PASS);
      String name = "gateway-test-" + UUID.randomUUID();
      assertThat(gateway.getOrCreateExperiment(name)).isNotBlank();
      await().atMost(HANG_GUARD).until(() -> gateway.callsInFlight() == 0);
    }
  }

  @Test
  void aClosedPortIsTransient() throws Exception {
    try (MlflowClientGateway gateway =
        gateway(MlflowSinkTest.closedPortUri(), Duration.ofSeconds(10))) {
      assertThatThrownBy(() -> gateway.getOrCreateExperiment("anything"))
          .isInstanceOfSatisfying(
              MlflowCallException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(SinkException.Kind.TRANSIENT);
                assertThat(e.httpStatus()).isZero();
              });
      assertThat(gateway.clientRebuilds()).isZero();
    }
  }

  @Test
  void concurrentExperimentCreationYieldsOneExperiment() throws Exception {
    String name = "gateway-race-" + UUID.randomUUID();
    int threads = 6;
    List<MlflowClientGateway> gateways = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<String>> ids = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        MlflowClientGateway g = gateway(trackingUri, Duration.ofSeconds(30));
        gateways.add(g);
        ids.add(
            pool.submit(
                () -> {
                  start.await();
                  return g.getOrCreateExperiment(name);
                }));
      }
      start.countDown();
      Set<String> distinct = ConcurrentHashMap.newKeySet();
      for (Future<String> f : ids) {
        distinct.add(f.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS));
      }
      assertThat(distinct).hasSize(1);
      assertThat(new MlflowRest(trackingUri).experimentId(name))
          .contains(distinct.iterator().next());
    } finally {
      pool.shutdownNow();
      gateways.forEach(MlflowClientGateway::close);
    }
  }

  @Test
  void theTokenIsSentAsBearerCredentials() throws Exception {
    try (FaultProxy proxy = new FaultProxy(trackingUri);
        MlflowClientGateway gateway =
            new MlflowClientGateway(
                MlflowConfig.fromEnv(
                    Map.of(
                        "MLFLOW_TRACKING_URI",
                        proxy.uri().toString(),
                        "MLFLOW_TRACKING_TOKEN",
                        "s3cr3t-token")))) {
      gateway.findExperimentId("gateway-test-" + UUID.randomUUID());
      assertThat(proxy.requestHeads())
          .isNotEmpty()
          .allSatisfy(h -> assertThat(h).contains("Authorization: Bearer s3cr3t-token"));
    }
  }

  @Test
  void aDeletedExperimentIsPermanentAndNamesTheFix() throws Exception {
    MlflowRest rest = new MlflowRest(trackingUri);
    String name = "gateway-deleted-" + UUID.randomUUID();
    rest.deleteExperiment(rest.createExperiment(name));
    try (MlflowClientGateway gateway = gateway(trackingUri, Duration.ofSeconds(10))) {
      assertThatThrownBy(() -> gateway.getOrCreateExperiment(name))
          .isInstanceOfSatisfying(
              MlflowCallException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(SinkException.Kind.PERMANENT);
                assertThat(e.getMessage()).contains("deleted").contains("MLFLOW_EXPERIMENT");
              });
    }
  }

  @Test
  void unknownRunsAreEmptyAndDeletingThemSucceeds() throws Exception {
    try (MlflowClientGateway gateway = gateway(trackingUri, Duration.ofSeconds(10))) {
      assertThat(gateway.getRun("0123456789abcdef0123456789abcdef")).isEmpty();
      gateway.deleteRun("0123456789abcdef0123456789abcdef");
    }
  }

  @Test
  void runLifecycleRoundTrips() throws Exception {
    try (MlflowClientGateway gateway = gateway(trackingUri, Duration.ofSeconds(10))) {
      String exp = gateway.getOrCreateExperiment("gateway-test-" + UUID.randomUUID());
      MlflowRun run = gateway.createRun(exp, "run-a", 1_000L, Map.of("audit_id", "a-1"));
      assertThat(run.isActive()).isTrue();
      List<MetricPoint> metrics = new ArrayList<>();
      for (int i = 0; i < 1_050; i++) {
        metrics.add(new MetricPoint("m" + i, i, 5L, 0));
      }
      gateway.logBatch(run.runId(), metrics, Map.of("p", "x"), Map.of("t", "y"));
      gateway.logBatch(run.runId(), metrics, Map.of("p", "x"), Map.of("t", "y"));
      gateway.setTerminated(run.runId(), MlflowRunStatus.FINISHED, 2_000L);

      MlflowRun read = gateway.getRun(run.runId()).orElseThrow();
      assertThat(read.isFinished()).isTrue();
      assertThat(read.endTimeMillis()).isEqualTo(2_000L);
      assertThat(read.metrics()).hasSize(1_050).containsEntry("m1049", 1049.0);
      assertThat(read.params()).containsEntry("p", "x");
      assertThat(read.tags()).containsEntry("t", "y").containsEntry("audit_id", "a-1");
      assertThat(gateway.searchRunsByTag(exp, "audit_id", "a-1"))
          .extracting(MlflowRun::runId)
          .containsExactly(run.runId());

      assertThatThrownBy(() -> gateway.logBatch(run.runId(), List.of(), Map.of("p", "z"), Map.of()))
          .isInstanceOfSatisfying(
              MlflowCallException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(SinkException.Kind.PERMANENT);
                assertThat(e.httpStatus()).isEqualTo(400);
                assertThat(e.errorCode()).isEqualTo("INVALID_PARAMETER_VALUE");
              });

      gateway.deleteRun(run.runId());
      gateway.deleteRun(run.runId());
      assertThat(gateway.getRun(run.runId()).orElseThrow().isActive()).isFalse();
      assertThat(gateway.searchRunsByTag(exp, "audit_id", "a-1")).isEmpty();
    }
  }

  private static MlflowClientGateway gateway(URI uri, Duration deadline) {
    return new MlflowClientGateway(
        MlflowConfig.builder()
            .trackingUri(uri)
            .experimentName("unused")
            .callDeadline(deadline)
            .build());
  }
}
