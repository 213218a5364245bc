package dev.agentoutbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentoutbox.sink.mlflow.MlflowRun;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReconcilerTest {
  private static final Instant T = Instant.parse("2026-12-04T10:00:00Z");

  private static MlflowRun run(String id, String status) {
    return new MlflowRun(id, "1", status, "active", 1, 2, Map.of(), Map.of(), Map.of());
  }

  @Test
  void classifiesEveryKindOfProblem() {
    Map<String, Instant> accepted = new LinkedHashMap<>();
    for (String id : List.of("ok", "noRow", "twoRuns", "running", "queued", "dead", "purged")) {
      accepted.put(id, T);
    }
    Map<String, Integer> gov = new HashMap<>();
    accepted.keySet().forEach(id -> gov.put(id, 1));
    gov.put("noRow", 0);
    gov.put("queued", 0);
    gov.put("purged", 0);
    Map<String, List<MlflowRun>> mlflow = new HashMap<>();
    accepted.keySet().forEach(id -> mlflow.put(id, List.of(run("r-" + id, "FINISHED"))));
    mlflow.put("twoRuns", List.of(run("a", "FINISHED"), run("b", "FINISHED")));
    mlflow.put("running", List.of(run("c", "RUNNING")));
    mlflow.put("queued", List.of());
    mlflow.put("dead", List.of());
    mlflow.put("purged", List.of());

    Map<String, JobLocator.Location> where =
        Map.of(
            "noRow", new JobLocator.Location(JobLocator.State.DONE, "done", T),
            "twoRuns", new JobLocator.Location(JobLocator.State.DONE, "done", T),
            "running", new JobLocator.Location(JobLocator.State.NOT_IN_REDIS, "-", null),
            "queued", new JobLocator.Location(JobLocator.State.QUEUED, "position 1 of 1", null),
            "dead", new JobLocator.Location(JobLocator.State.DEAD_LETTER, "sink-rejected", T),
            "purged", new JobLocator.Location(JobLocator.State.NOT_IN_REDIS, "-", null));

    Reconciler.Report r =
        Reconciler.reconcile(T, T, accepted, gov, mlflow, ids -> where, ids -> Set.of("purged"));

    assertThat(r.accepted()).isEqualTo(7);
    assertThat(r.ok()).isEqualTo(1);
    assertThat(r.missing()).isEqualTo(2);
    assertThat(r.duplicated()).isEqualTo(1);
    assertThat(r.pending()).isEqualTo(2);
    assertThat(r.purged()).isEqualTo(1);
    assertThat(r.pendingByState()).containsEntry("queued", 1).containsEntry("dead letter", 1);
    assertThat(r.passed()).isFalse();
    Map<String, Reconciler.Status> status = new HashMap<>();
    r.problems().forEach(p -> status.put(p.auditId(), p.status()));
    assertThat(status)
        .containsEntry("noRow", Reconciler.Status.MISSING)
        .containsEntry("twoRuns", Reconciler.Status.DUPLICATED)
        .containsEntry("running", Reconciler.Status.MISSING)
        .containsEntry("queued", Reconciler.Status.PENDING)
        .containsEntry("dead", Reconciler.Status.PENDING)
        .containsEntry("purged", Reconciler.Status.PURGED)
        .doesNotContainKey("ok");
  }

  @Test
  void pendingAndPurgedDoNotFail() {
    Map<String, Instant> accepted = Map.of("q", T);
    Reconciler.Report r =
        Reconciler.reconcile(
            T,
            T,
            accepted,
            Map.of("q", 0),
            null,
            ids -> Map.of("q", new JobLocator.Location(JobLocator.State.IN_FLIGHT, "w", null)),
            ids -> Set.of());
    assertThat(r.passed()).isTrue();
    assertThat(r.pending()).isEqualTo(1);
    assertThat(r.sinks()).containsExactly("governance");
  }
}
