package dev.agentoutbox.sink.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentoutbox.payload.AuditPayload;
import dev.agentoutbox.sink.InMemorySinkProgress;
import dev.agentoutbox.sink.SinkException;
import dev.agentoutbox.sink.SinkProgress;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The MLflow sink against a real MLflow tracking server, checked through MLflow's REST API. */
class MlflowSinkTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-04T11:00:00Z"), ZoneOffset.UTC);
  private static final int MAX_ATTEMPTS = 20;

  private static URI trackingUri;
  private static MlflowRest rest;
  private static String experiment;
  private static MlflowConfig config;
  private static MlflowClientGateway gateway;

  @BeforeAll
  static void startServer() {
    trackingUri = TestMlflow.trackingUri();
    rest = new MlflowRest(trackingUri);
    experiment = "agent-outbox-sink-test-" + UUID.randomUUID();
    config = MlflowConfig.builder().trackingUri(trackingUri).experimentName(experiment).build();
    gateway = new MlflowClientGateway(config);
  }

  @AfterAll
  static void closeGateway() {
    gateway.close();
  }

  @Test
  void writesOneFinishedRunWithExactMetricsParamsAndTags() throws Exception {
    AuditPayload p = TestPayloads.payload(UUID.randomUUID());
    InMemorySinkProgress progress = new InMemorySinkProgress();
    try (MlflowSink sink = sink(MlflowSinkListener.NONE)) {
      assertThat(sink.name()).isEqualTo("mlflow");
      assertThat(sink.isHealthy()).isTrue();
      sink.write(p, progress);
    }

    JsonNode run = assertOneFinishedRun(p);
    assertThat(progress.snapshot())
        .containsEntry(MlflowSink.PROGRESS_RUN_ID, MlflowRest.runId(run))
        .containsEntry(MlflowSink.PROGRESS_CREATING, CLOCK.instant().toString())
        .containsEntry(MlflowSink.PROGRESS_FINISHED, "true");
    List<JsonNode> history = rest.metricHistory(MlflowRest.runId(run), "classification.cost_usd");
    assertThat(history).hasSize(1);
    assertThat(history.get(0).get("timestamp").asLong()).isEqualTo(p.completedAt().toEpochMilli());
    assertThat(history.get(0).get("step").asLong()).isZero();
  }

  @Test
  void writingTheSamePayloadTwiceKeepsOneRun() throws Exception {
    AuditPayload p = TestPayloads.payload(UUID.randomUUID());
    SinkProgress progress = SinkProgress.inMemory();
    try (MlflowSink sink = sink(MlflowSinkListener.NONE)) {
      sink.write(p, progress);
      sink.write(p, progress);
      assertThat(runs(p, "ALL")).hasSize(1);

      // the same record again from a job whose progress was lost entirely: a second run is
      // created, then de-duplicated away
      sink.write(p, SinkProgress.inMemory());
      assertThat(sink.duplicatesRemoved()).isEqualTo(1);
    }
    assertOneFinishedRun(p);
    assertThat(runs(p, "DELETED_ONLY")).hasSize(1);
  }

  @Test
  void reusesTheRunOfAnAttemptWhoseAnswerWasLost() throws Exception {
    AuditPayload p = TestPayloads.payload(UUID.randomUUID());
    String expId = experimentId();
    String earlier =
        rest.createRun(
            expId, p.startedAt().toEpochMilli(), Map.of("audit_id", p.auditId().toString()));
    SinkProgress progress = SinkProgress.inMemory();
    progress.put(MlflowSink.PROGRESS_CREATING, "2026-12-04T10:59:00Z");
    List<String> adopted = new CopyOnWriteArrayList<>();
    List<String> created = new CopyOnWriteArrayList<>();

    try (MlflowSink sink =
        sink(
            new MlflowSinkListener() {
              @Override
              public void onRunAdopted(String auditId, String runId) {
                adopted.add(runId);
              }

              @Override
              public void onRunCreated(String auditId, String runId) {
                created.add(runId);
              }
            })) {
      sink.write(p, progress);
    }

    assertThat(adopted).containsExactly(earlier);
    assertThat(created).isEmpty();
    assertThat(runs(p, "ALL")).hasSize(1);
    JsonNode run = assertOneFinishedRun(p);
    assertThat(MlflowRest.runId(run)).isEqualTo(earlier);
    assertThat(progress.get(MlflowSink.PROGRESS_RUN_ID)).contains(earlier);
  }

  @Test
  void deletesDuplicatesAndSwitchesToTheKeptRun() throws Exception {
    AuditPayload p = TestPayloads.payload(UUID.randomUUID());
    String expId = experimentId();
    Map<String, String> tag = Map.of("audit_id", p.auditId().toString());
    // our own run, fully written and FINISHED, and a run that started earlier (the kept one)
    SinkProgress ours = SinkProgress.inMemory();
    try (MlflowSink sink = sink(MlflowSinkListener.NONE)) {
      sink.write(p, ours);
    }
    String ourRun = ours.get(MlflowSink.PROGRESS_RUN_ID).orElseThrow();
    String keep = rest.createRun(expId, p.startedAt().toEpochMilli() - 1, tag);
    String alsoDuplicate = rest.createRun(expId, p.startedAt().toEpochMilli(), tag);
    List<List<String>> removed = new CopyOnWriteArrayList<>();

    SinkProgress retry = SinkProgress.inMemory();
    retry.put(MlflowSink.PROGRESS_RUN_ID, ourRun);
    try (MlflowSink sink =
        sink(
            new MlflowSinkListener() {
              @Override
              public void onDuplicatesRemoved(String auditId, String kept, List<String> deleted) {
                assertThat(auditId).isEqualTo(p.auditId().toString());
                assertThat(kept).isEqualTo(keep);
                removed.add(deleted);
              }
            })) {
      sink.write(p, retry);
      assertThat(sink.duplicatesRemoved()).isEqualTo(2);
    }

    assertThat(removed).hasSize(1);
    assertThat(removed.get(0)).containsExactlyInAnyOrder(ourRun, alsoDuplicate);
    JsonNode run = assertOneFinishedRun(p);
    assertThat(MlflowRest.runId(run)).isEqualTo(keep);
    assertThat(retry.get(MlflowSink.PROGRESS_RUN_ID)).contains(keep);
    assertThat(runs(p, "DELETED_ONLY"))
        .extracting(MlflowRest::runId)
        .containsExactlyInAnyOrder(ourRun, alsoDuplicate);
  }

  /**
   * The worst real race: the same job running on two workers at once (a job recovered from a worker
   * thought dead, while that worker still runs it), several threads each, some sharing one progress
   * record (the Redis state hash), some with a progress that says an earlier attempt may have
   * created the run. Every writer must succeed and exactly one active, complete run remain.
   */
  @RepeatedTest(3)
  void concurrentWritersOfOneAuditIdLeaveExactlyOneRun() throws Exception {
    concurrentWriters(true);
  }

  /** No progress at all on any writer: every one of them creates a run. */
  @RepeatedTest(3)
  void concurrentWritersWithoutProgressLeaveExactlyOneRun() throws Exception {
    concurrentWriters(false);
  }

  private void concurrentWriters(boolean realisticProgress) throws Exception {
    AuditPayload p = TestPayloads.payload(UUID.randomUUID());
    experimentId();
    List<String> created = new CopyOnWriteArrayList<>();
    MlflowSinkListener listener =
        new MlflowSinkListener() {
          @Override
          public void onRunCreated(String auditId, String runId) {
            created.add(runId);
          }
        };
    int threads = 8;
    SinkProgress shared = SinkProgress.inMemory();
    try (MlflowClientGateway otherWorker = new MlflowClientGateway(config);
        MlflowSink sinkA = sink(listener);
        MlflowSink sinkB = new MlflowSink(otherWorker, experiment, CLOCK, listener)) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        MlflowSink sink = i % 2 == 0 ? sinkA : sinkB;
        SinkProgress progress;
        if (!realisticProgress) {
          progress = SinkProgress.inMemory();
        } else if (i < threads / 2) {
          progress = shared;
        } else {
          progress = SinkProgress.inMemory();
          progress.put(MlflowSink.PROGRESS_CREATING, "2026-12-04T10:59:00Z");
        }
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  writeRetryingTransient(sink, p, progress);
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : results) {
        f.get(5, TimeUnit.MINUTES);
      }
      pool.shutdown();

      JsonNode run = assertOneFinishedRun(p);
      List<JsonNode> all = runs(p, "ALL");
      assertThat(all).extracting(MlflowRest::runId).containsExactlyInAnyOrderElementsOf(created);
      assertThat(sinkA.duplicatesRemoved() + sinkB.duplicatesRemoved())
          .isGreaterThanOrEqualTo(all.size() - 1);
      if (realisticProgress) {
        assertThat(shared.get(MlflowSink.PROGRESS_RUN_ID)).contains(MlflowRest.runId(run));
      } else {
        assertThat(created).hasSize(threads);
      }
    }
  }

  /**
   * A writer that already passed de-duplication loses its run to another writer that kept an
   * earlier one: its log-batch hits a deleted run, and it follows the kept run.
   */
  @Test
  void aWriterWhoseRunIsDeletedUnderItFollowsTheKeptRun() throws Exception {
    AuditPayload p = TestPayloads.payload(UUID.randomUUID());
    String expId = experimentId();
    InterposingGateway interposing = new InterposingGateway(gateway);
    SinkProgress progress = SinkProgress.inMemory();
    List<String> kept = new CopyOnWriteArrayList<>();
    interposing.beforeNextLogBatch(
        () -> {
          String ours = progress.get(MlflowSink.PROGRESS_RUN_ID).orElseThrow();
          kept.add(
              rest.createRun(
                  expId,
                  p.startedAt().toEpochMilli() - 1,
                  Map.of("audit_id", p.auditId().toString())));
          rest.deleteRun(ours);
        });
    try (MlflowSink sink =
        new MlflowSink(interposing, experiment, CLOCK, MlflowSinkListener.NONE)) {
      sink.write(p, progress);
    }
    JsonNode run = assertOneFinishedRun(p);
    assertThat(MlflowRest.runId(run)).isEqualTo(kept.get(0));
    assertThat(progress.get(MlflowSink.PROGRESS_RUN_ID)).contains(kept.get(0));
  }

  @Test
  void finishedProgressReturnsWithoutCallingMlflow() throws Exception {
    MlflowConfig down =
        MlflowConfig.builder()
            .trackingUri(closedPortUri())
            .experimentName(experiment)
            .callDeadline(Duration.ofSeconds(5))
            .build();
    SinkProgress progress = SinkProgress.inMemory();
    progress.put(MlflowSink.PROGRESS_RUN_ID, "0123456789abcdef");
    progress.put(MlflowSink.PROGRESS_FINISHED, "true");
    try (MlflowSink sink = new MlflowSink(down)) {
      sink.write(TestPayloads.payload(UUID.randomUUID()), progress);
    }
  }

  @Test
  void serverDownIsTransient() throws Exception {
    MlflowConfig down =
        MlflowConfig.builder()
            .trackingUri(closedPortUri())
            .experimentName(experiment)
            .callDeadline(Duration.ofSeconds(5))
            .build();
    try (MlflowSink sink = new MlflowSink(down)) {
      assertThat(sink.isHealthy()).isFalse();
      assertThatThrownBy(
              () -> sink.write(TestPayloads.payload(UUID.randomUUID()), SinkProgress.inMemory()))
          .isInstanceOfSatisfying(
              SinkException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(SinkException.Kind.TRANSIENT);
                assertThat(e.sink()).isEqualTo("mlflow");
              });
    }
  }

  @Test
  void conflictingContentForTheSameAuditIdIsPermanent() throws Exception {
    UUID id = UUID.randomUUID();
    SinkProgress progress = SinkProgress.inMemory();
    try (MlflowSink sink = sink(MlflowSinkListener.NONE)) {
      sink.write(TestPayloads.payload(id), progress);
      AuditPayload changed = TestPayloads.payload(id, TestPayloads.STARTED, "another-model");
      SinkProgress retry = SinkProgress.inMemory();
      retry.put(MlflowSink.PROGRESS_RUN_ID, progress.get(MlflowSink.PROGRESS_RUN_ID).get());
      assertThatThrownBy(() -> sink.write(changed, retry))
          .isInstanceOfSatisfying(
              SinkException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(SinkException.Kind.PERMANENT);
                assertThat(e.getMessage()).contains(id.toString());
              });
    }
  }

  private static MlflowSink sink(MlflowSinkListener listener) {
    return new MlflowSink(gateway, experiment, CLOCK, listener);
  }

  private static String experimentId() throws MlflowCallException {
    return gateway.getOrCreateExperiment(experiment);
  }

  private static List<JsonNode> runs(AuditPayload p, String viewType) {
    String expId = rest.experimentId(experiment).orElseThrow();
    return rest.runsWithAuditId(expId, p.auditId().toString(), viewType);
  }

  /** What a worker does: retry transient failures with the same progress. */
  private static void writeRetryingTransient(MlflowSink sink, AuditPayload p, SinkProgress progress)
      throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        sink.write(p, progress);
        return;
      } catch (SinkException e) {
        if (!e.isTransient() || attempt >= MAX_ATTEMPTS) {
          throw e;
        }
        Thread.sleep(20L * attempt);
      }
    }
  }

  /** Checks, through MLflow's REST API, the single active run of {@code p}; returns it. */
  static JsonNode assertOneFinishedRun(AuditPayload p) {
    List<JsonNode> active = runs(p, "ACTIVE_ONLY");
    assertThat(active).as("active runs of audit %s", p.auditId()).hasSize(1);
    JsonNode run = rest.getRun(MlflowRest.runId(active.get(0)));
    assertThat(MlflowRest.status(run)).isEqualTo("FINISHED");
    assertThat(run.get("info").get("end_time").asLong()).isEqualTo(p.completedAt().toEpochMilli());
    assertThat(MlflowRest.tags(run))
        .contains(
            entry("audit_id", p.auditId().toString()),
            entry("session_id", p.sessionId()),
            entry("user_id", "IN003"),
            entry("country", "IN"));
    assertThat(MlflowRest.metrics(run))
        .containsOnly(
            entry("classification.cost_usd", 0.000133),
            entry("synthesis.cost_usd", 0.0098),
            entry("validation.cost_usd", 0.0001017),
            entry("total.cost_usd", 0.0100347),
            entry("classification.input_tokens", 812.0),
            entry("classification.output_tokens", 17.0),
            entry("synthesis.input_tokens", 2310.0),
            entry("synthesis.output_tokens", 402.0),
            entry("validation.input_tokens", 640.0),
            entry("validation.output_tokens", 9.0),
            entry("retrieval.duration_ms", 100.0),
            entry("anonymization.duration_ms", 1211.0),
            entry("classification.duration_ms", 2322.0),
            entry("execution.duration_ms", 3433.0),
            entry("synthesis.duration_ms", 4544.0),
            entry("validation.duration_ms", 5655.0),
            entry("restoration.duration_ms", 6766.0));
    assertThat(MlflowRest.params(run))
        .containsOnly(
            entry("classification.model", p.llmPhases().values().iterator().next().model()),
            entry("synthesis.model", "gpt-4o"),
            entry("validation.model", "gpt-4o-mini"),
            entry("schema_version", "1"));
    return run;
  }

  static URI closedPortUri() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return URI.create("http://127.0.0.1:" + s.getLocalPort());
    }
  }
}
