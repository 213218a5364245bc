package dev.agentoutbox.sink.mlflow;

import dev.agentoutbox.payload.AuditPayload;
import dev.agentoutbox.sink.AuditSink;
import dev.agentoutbox.sink.SinkException;
import dev.agentoutbox.sink.SinkProgress;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one FINISHED MLflow run per audit id, with exactly-once effect.
 *
 * <p>Steps, each recorded in {@link SinkProgress} under {@code mlflow.*}:
 *
 * <ol>
 *   <li>{@value #PROGRESS_CREATING} is stored before runs/create and {@value #PROGRESS_RUN_ID}
 *       after it; an attempt that finds {@code creating} but no run id looks the run up by its
 *       {@code audit_id} tag instead of creating another;
 *   <li>after obtaining a run every attempt removes duplicates (see {@link RunResolver});
 *   <li>metrics (timestamp {@code completed_at}, step 0), params and tags are logged; identical
 *       re-logs are ignored by MLflow;
 *   <li>the run is set FINISHED with end time {@code completed_at} and {@value #PROGRESS_FINISHED}
 *       is stored; a later attempt that finds it returns at once.
 * </ol>
 *
 * If the run is deleted under a writer (a concurrent writer kept another one) the writer switches
 * to the kept run.
 */
public final class MlflowSink implements AuditSink {
  private static final Logger log = LoggerFactory.getLogger(MlflowSink.class);

  public static final String NAME = "mlflow";
  public static final String PROGRESS_RUN_ID = "mlflow.run_id";
  public static final String PROGRESS_CREATING = "mlflow.creating";
  public static final String PROGRESS_FINISHED = "mlflow.finished";

  /** How often one attempt follows its run to the kept one after the run was deleted under it. */
  static final int MAX_RUN_SWITCHES = 3;

  private final MlflowGateway gateway;
  private final boolean ownsGateway;
  private final String experimentName;
  private final RunResolver resolver;
  private final AtomicLong duplicatesRemoved = new AtomicLong();
  private final Object experimentLock = new Object();
  private volatile String experimentId;

  /** A sink on the official MLflow client, which it closes on {@link #close()}. */
  public MlflowSink(MlflowConfig config) {
    this(config, Clock.systemUTC(), MlflowSinkListener.NONE);
  }

  /** A sink on the official MLflow client, which it closes on {@link #close()}. */
  public MlflowSink(MlflowConfig config, Clock clock, MlflowSinkListener listener) {
    this(new MlflowClientGateway(config), true, config.experimentName(), clock, listener);
  }

  /** A sink on any gateway, which the caller keeps ownership of. */
  public MlflowSink(
      MlflowGateway gateway, String experimentName, Clock clock, MlflowSinkListener listener) {
    this(gateway, false, experimentName, clock, listener);
  }

  private MlflowSink(
      MlflowGateway gateway,
      boolean ownsGateway,
      String experimentName,
      Clock clock,
      MlflowSinkListener listener) {
    this.gateway = Objects.requireNonNull(gateway, "gateway");
    this.ownsGateway = ownsGateway;
    this.experimentName = Objects.requireNonNull(experimentName, "experimentName");
    this.resolver =
        new RunResolver(
            gateway,
            Objects.requireNonNull(clock, "clock"),
            Objects.requireNonNull(listener, "listener"),
            duplicatesRemoved);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void write(AuditPayload payload, SinkProgress progress) throws SinkException {
    String auditId = payload.auditId().toString();
    Optional<String> known = progress.get(PROGRESS_RUN_ID);
    if (known.isPresent() && progress.get(PROGRESS_FINISHED).filter("true"::equals).isPresent()) {
      log.debug("audit {}: MLflow run {} already finished; nothing to do", auditId, known.get());
      return;
    }
    String step = "resolving the experiment";
    try {
      String experiment = experimentId();
      AuditRunContent content = AuditRunContent.of(payload);
      step = "obtaining the run";
      String runId = resolver.resolve(experiment, payload, content, progress);
      step = "logging and finishing run " + runId;
      runId = logAndFinish(experiment, payload, content, runId, progress);
      progress.put(PROGRESS_FINISHED, "true");
      log.debug("audit {}: MLflow run {} FINISHED", auditId, runId);
    } catch (MlflowCallException e) {
      if (!e.isTransient()) {
        experimentId = null; // re-resolve next time, in case the experiment was deleted
      }
      throw e.toSinkException(NAME, "audit " + auditId + ", " + step);
    } catch (RuntimeException e) {
      throw SinkException.transientFailure(
          NAME, "audit " + auditId + ", " + step + ": unexpected " + e, e);
    }
  }

  private String logAndFinish(
      String experiment,
      AuditPayload payload,
      AuditRunContent content,
      String runId,
      SinkProgress progress)
      throws MlflowCallException {
    long end = payload.completedAt().toEpochMilli();
    for (int switches = 0; ; switches++) {
      try {
        gateway.logBatch(runId, content.metrics(), content.params(), content.tags());
        gateway.setTerminated(runId, MlflowRunStatus.FINISHED, end);
        return runId;
      } catch (MlflowCallException e) {
        if (e.isTransient() || switches >= MAX_RUN_SWITCHES || runIsAlive(runId)) {
          throw e;
        }
        log.info(
            "audit {}: MLflow run {} was deleted while being written (a concurrent writer kept"
                + " another run); following the kept run",
            payload.auditId(),
            runId);
        runId = resolver.deduplicate(experiment, payload, content, runId, progress);
      }
    }
  }

  private boolean runIsAlive(String runId) throws MlflowCallException {
    return gateway.getRun(runId).filter(MlflowRun::isActive).isPresent();
  }

  private String experimentId() throws MlflowCallException {
    String id = experimentId;
    if (id != null) {
      return id;
    }
    synchronized (experimentLock) {
      if (experimentId == null) {
        experimentId = gateway.getOrCreateExperiment(experimentName);
      }
      return experimentId;
    }
  }

  /** Duplicate runs this sink deleted since it was built. */
  public long duplicatesRemoved() {
    return duplicatesRemoved.get();
  }

  /** The experiment name runs are written to. */
  public String experimentName() {
    return experimentName;
  }

  /** Whether the tracking server answers and the experiment is usable (existing or creatable). */
  @Override
  public boolean isHealthy() {
    try {
      gateway.findExperimentId(experimentName);
      return true;
    } catch (MlflowCallException | RuntimeException e) {
      log.debug("MLflow health check failed: {}", e.toString());
      return false;
    }
  }

  @Override
  public void close() {
    if (ownsGateway) {
      gateway.close();
    }
  }
}
