package dev.agentoutbox.sink.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentoutbox.payload.AuditPayload;
import dev.agentoutbox.sink.SinkProgress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MlflowReaderTest {
  private static final int WRITTEN = 12;

  private static MlflowClientGateway gateway;
  private static String experiment;
  private static final List<AuditPayload> payloads = new ArrayList<>();
  private static String duplicatedId;

  @BeforeAll
  static void writeRuns() throws Exception {
    URI uri = TestMlflow.trackingUri();
    experiment = "agent-outbox-reader-test-" + UUID.randomUUID();
    gateway =
        new MlflowClientGateway(
            MlflowConfig.builder().trackingUri(uri).experimentName(experiment).build());
    try (MlflowSink sink =
        new MlflowSink(gateway, experiment, Clock.systemUTC(), MlflowSinkListener.NONE)) {
      for (int i = 0; i < WRITTEN; i++) {
        AuditPayload p =
            TestPayloads.payload(
                UUID.randomUUID(), TestPayloads.STARTED.plus(Duration.ofMinutes(i)), "gpt-4o-mini");
        sink.write(p, SinkProgress.inMemory());
        payloads.add(p);
      }
    }
    // a duplicate nobody cleaned up yet, as a reader must report it
    AuditPayload dup = payloads.get(3);
    duplicatedId = dup.auditId().toString();
    MlflowRest rest = new MlflowRest(uri);
    rest.createRun(
        rest.experimentId(experiment).orElseThrow(),
        dup.startedAt().toEpochMilli() + 1,
        Map.of("audit_id", duplicatedId));
  }

  @AfterAll
  static void close() {
    gateway.close();
  }

  @Test
  void runsForOneAuditId() throws Exception {
    MlflowReader reader = new MlflowReader(gateway, experiment);
    AuditPayload p = payloads.get(0);
    List<MlflowRun> runs = reader.runsForAuditId(p.auditId().toString());
    assertThat(runs).hasSize(1);
    MlflowRun run = runs.get(0);
    assertThat(run.isFinished()).isTrue();
    assertThat(run.metrics()).containsEntry("total.cost_usd", 0.0100347);
    assertThat(run.tags()).containsEntry("user_id", "IN003");
    assertThat(reader.runsForAuditId(UUID.randomUUID().toString())).isEmpty();
    assertThat(
            new MlflowReader(gateway, "no-such-experiment-" + UUID.randomUUID())
                .runsForAuditId(p.auditId().toString()))
        .isEmpty();
  }

  @Test
  void manyAuditIdsByLookupAndByScanAgree() throws Exception {
    List<String> ids = new ArrayList<>();
    payloads.forEach(p -> ids.add(p.auditId().toString()));
    String missing = UUID.randomUUID().toString();
    ids.add(missing);

    Map<String, List<MlflowRun>> byLookup =
        new MlflowReader(gateway, experiment, 100, 1000).runsForAuditIds(ids);
    Map<String, List<MlflowRun>> byScan =
        new MlflowReader(gateway, experiment, 2, 5).runsForAuditIds(ids);
    Map<String, List<MlflowRun>> byWindowedScan =
        new MlflowReader(gateway, experiment, 2, 5)
            .runsForAuditIds(ids, TestPayloads.STARTED.plus(Duration.ofMinutes(6)));

    for (Map<String, List<MlflowRun>> result : List.of(byLookup, byScan, byWindowedScan)) {
      assertThat(result.keySet()).containsExactlyElementsOf(ids);
      assertThat(result.get(missing)).isEmpty();
      for (AuditPayload p : payloads) {
        String id = p.auditId().toString();
        List<MlflowRun> runs = result.get(id);
        if (id.equals(duplicatedId)) {
          assertThat(runs).hasSize(2);
          assertThat(runs.get(0).isFinished()).as("kept run first").isTrue();
        } else {
          assertThat(runs).hasSize(1);
          assertThat(runs.get(0).isFinished()).isTrue();
          assertThat(runs.get(0).startTimeMillis()).isEqualTo(p.startedAt().toEpochMilli());
          assertThat(runs.get(0).metrics()).containsEntry("synthesis.cost_usd", 0.0098);
        }
      }
    }
  }
}
