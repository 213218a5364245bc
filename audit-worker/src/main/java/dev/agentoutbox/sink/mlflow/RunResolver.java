package dev.agentoutbox.sink.mlflow;

import dev.agentoutbox.payload.AuditPayload;
import dev.agentoutbox.sink.SinkException;
import dev.agentoutbox.sink.SinkProgress;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the one run of an audit id, creating it at most once per attempt, and deletes duplicates.
 *
 * <p>MLflow assigns run ids, and the client blindly retries runs/create, so a run may exist that no
 * progress record knows about. The run is therefore tagged with the audit id at creation, looked up
 * by that tag when an earlier attempt may have created it, and every attempt de-duplicates after
 * obtaining its run: among the active runs carrying the audit id the first in {@link
 * MlflowRun#WINNER_ORDER} is kept and the others deleted. Since everybody keeps the same winner of
 * any set, the overall first run is never deleted, and every other run is deleted by whichever
 * attempt sees it together with an earlier one.
 */
final class RunResolver {
  private static final Logger log = LoggerFactory.getLogger(RunResolver.class);

  /** How often a run may vanish under one attempt before it gives up (transiently). */
  static final int MAX_ROUNDS = 3;

  private final MlflowGateway gateway;
  private final Clock clock;
  private final MlflowSinkListener listener;
  private final AtomicLong duplicatesRemoved;

  RunResolver(
      MlflowGateway gateway,
      Clock clock,
      MlflowSinkListener listener,
      AtomicLong duplicatesRemoved) {
    this.gateway = gateway;
    this.clock = clock;
    this.listener = listener;
    this.duplicatesRemoved = duplicatesRemoved;
  }

  /** The run to write to: the one in progress, else one found by tag, else a new one. */
  String resolve(
      String experimentId, AuditPayload payload, AuditRunContent content, SinkProgress progress)
      throws MlflowCallException {
    String auditId = payload.auditId().toString();
    String runId = progress.get(MlflowSink.PROGRESS_RUN_ID).orElse(null);
    if (runId == null && progress.get(MlflowSink.PROGRESS_CREATING).isPresent()) {
      List<MlflowRun> found =
          gateway.searchRunsByTag(experimentId, AuditRunContent.TAG_AUDIT_ID, auditId);
      Optional<MlflowRun> first = found.stream().min(MlflowRun.WINNER_ORDER);
      if (first.isPresent()) {
        runId = first.get().runId();
        progress.put(MlflowSink.PROGRESS_RUN_ID, runId);
        listener.onRunAdopted(auditId, runId);
        log.info(
            "audit {}: reusing MLflow run {} created by an earlier attempt whose answer was lost",
            auditId,
            runId);
      }
    }
    if (runId == null) {
      runId = create(experimentId, payload, content, progress);
    }
    return deduplicate(experimentId, payload, content, runId, progress);
  }

  /**
   * Keeps the first active run carrying the audit id, deletes the others and returns the kept one,
   * recording it in progress when it is not {@code ownRunId}. Creates a new run when none is left.
   */
  String deduplicate(
      String experimentId,
      AuditPayload payload,
      AuditRunContent content,
      String ownRunId,
      SinkProgress progress)
      throws MlflowCallException {
    String auditId = payload.auditId().toString();
    String runId = ownRunId;
    for (int round = 1; ; round++) {
      List<MlflowRun> active =
          gateway.searchRunsByTag(experimentId, AuditRunContent.TAG_AUDIT_ID, auditId);
      if (active.isEmpty()) {
        Optional<MlflowRun> own = gateway.getRun(runId);
        if (own.isPresent() && own.get().isActive()) {
          return runId; // not searchable yet (or in another experiment): keep writing to it
        }
        if (round >= MAX_ROUNDS) {
          throw new MlflowCallException(
              "runs/search",
              SinkException.Kind.TRANSIENT,
              0,
              null,
              "the runs of audit " + auditId + " keep being deleted; will retry later",
              null);
        }
        log.warn(
            "audit {}: MLflow run {} was deleted and no other run carries the audit id;"
                + " creating a new run",
            auditId,
            runId);
        runId = create(experimentId, payload, content, progress);
        continue;
      }
      MlflowRun winner = active.stream().min(MlflowRun.WINNER_ORDER).orElseThrow();
      List<String> losers =
          active.stream().map(MlflowRun::runId).filter(id -> !id.equals(winner.runId())).toList();
      for (String loser : losers) {
        gateway.deleteRun(loser);
      }
      if (!losers.isEmpty()) {
        duplicatesRemoved.addAndGet(losers.size());
        listener.onDuplicatesRemoved(auditId, winner.runId(), losers);
        log.warn(
            "audit {}: {} duplicate MLflow run(s) carried the audit id; kept {}, deleted {}",
            auditId,
            losers.size(),
            winner.runId(),
            losers);
      }
      if (!winner.runId().equals(runId)) {
        progress.put(MlflowSink.PROGRESS_RUN_ID, winner.runId());
        log.info(
            "audit {}: switching from MLflow run {} to the kept run {}",
            auditId,
            runId,
            winner.runId());
      }
      return winner.runId();
    }
  }

  private String create(
      String experimentId, AuditPayload payload, AuditRunContent content, SinkProgress progress)
      throws MlflowCallException {
    String auditId = payload.auditId().toString();
    progress.put(MlflowSink.PROGRESS_CREATING, clock.instant().toString());
    MlflowRun run =
        gateway.createRun(
            experimentId, auditId, payload.startedAt().toEpochMilli(), content.tags());
    progress.put(MlflowSink.PROGRESS_RUN_ID, run.runId());
    listener.onRunCreated(auditId, run.runId());
    log.debug("audit {}: created MLflow run {}", auditId, run.runId());
    return run.runId();
  }
}
