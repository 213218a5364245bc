package dev.agentoutbox.sink.governance;

import dev.agentoutbox.payload.AuditPayload;
import dev.agentoutbox.sink.AuditSink;
import dev.agentoutbox.sink.SinkException;
import dev.agentoutbox.sink.SinkProgress;
import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The governance table sink: one row per {@code audit_id}, written idempotently over JDBC (SQLite,
 * PostgreSQL or Databricks SQL, chosen by the URL).
 *
 * <p>{@link #write} is called concurrently by the worker threads. Their rows are group-committed:
 * collected for up to {@link GovernanceConfig#batchWindow()} or {@link
 * GovernanceConfig#maxBatchSize()} rows and written as one multi-row statement (Databricks: one per
 * 256 parameters) in one transaction, with up to {@link GovernanceConfig#poolSize()} batches in
 * flight. Each caller still learns the outcome of its own row. With a window of 0 and a batch size
 * of 1 every record is written on its own.
 *
 * <p>The sink needs no {@link SinkProgress}: its single statement is idempotent, so a retry simply
 * re-runs it.
 */
public final class GovernanceSink implements AuditSink {
  public static final String NAME = "governance";
  private static final Logger LOG = LoggerFactory.getLogger(GovernanceSink.class);
  private static final java.time.Duration CALLER_MARGIN = java.time.Duration.ofSeconds(5);

  private final GovernanceConfig config;
  private final GovernanceDatabase db;
  private final Clock clock;
  private final StatsCounter stats;
  private final GroupCommitter committer;
  private final GovernanceReader reader;

  private GovernanceSink(GovernanceConfig config, GovernanceDatabase db, Clock clock) {
    this.config = config;
    this.db = db;
    this.clock = clock;
    this.stats = new StatsCounter();
    RowStatements statements = new RowStatements(db);
    SchemaInitializer schema = new SchemaInitializer(db, config.createTable(), statements);
    initialize(schema);
    this.committer =
        new GroupCommitter(
            new JdbcBatchWriter(db, schema, statements, stats),
            stats,
            db.poolSize(),
            config.maxBatchSize(),
            config.batchWindow(),
            config.queueCapacity());
    this.reader = GovernanceReader.shared(db);
  }

  /** Opens the sink with the system UTC clock; see {@link #open(GovernanceConfig, Clock)}. */
  public static GovernanceSink open(GovernanceConfig config) {
    return open(config, Clock.systemUTC());
  }

  /**
   * Opens the pool and prepares the table (creating it when {@link GovernanceConfig#createTable()}
   * and missing). An unreachable database does not fail here: the preparation is retried by every
   * batch until it succeeds, and the writes meanwhile fail TRANSIENT.
   *
   * @param clock source of the {@code written_at} column
   * @throws GovernanceSchemaException when the table exists but cannot take the rows (missing
   *     columns, no unique key on {@code audit_id}, no privilege): a configuration error
   */
  public static GovernanceSink open(GovernanceConfig config, Clock clock) {
    GovernanceDatabase db = GovernanceDatabase.open(config, Integer.MAX_VALUE, "sink");
    try {
      return new GovernanceSink(config, db, clock);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  private void initialize(SchemaInitializer schema) {
    try {
      schema.ensureReady();
    } catch (SQLException e) {
      if (SqlErrorClassifier.kind(e) == SinkException.Kind.PERMANENT) {
        throw new GovernanceSchemaException(
            "cannot prepare governance table "
                + config.table()
                + ": "
                + SqlErrorClassifier.describe(e),
            e);
      }
      LOG.warn(
          "governance database {} not reachable at start ({}); writes fail as transient and"
              + " retry until it is",
          config.redactedJdbcUrl(),
          SqlErrorClassifier.describe(e));
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void write(AuditPayload payload, SinkProgress progress) throws SinkException {
    CompletableFuture<Void> done = writeAsync(payload);
    try {
      // writeAsync completes within the write timeout; the margin only guards against a bug
      done.get(config.writeTimeout().plus(CALLER_MARGIN).toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw SinkException.transientFailure(
          NAME, "audit_id=" + payload.auditId() + ": interrupted while writing", e);
    } catch (TimeoutException e) {
      throw timeoutFailure(payload.auditId().toString());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SinkException s) {
        throw s;
      }
      throw SinkException.transientFailure(
          NAME, "audit_id=" + payload.auditId() + ": " + e.getCause(), e.getCause());
    }
  }

  /**
   * Queues the record for the next group commit without waiting for it: lets a few threads keep
   * many records in flight (at ~1 s per warehouse statement, a synchronous caller writes at most
   * one record per second). Waits only while the queue is full.
   *
   * @return completes within {@link GovernanceConfig#writeTimeout()}: normally once the row is
   *     written or known present, exceptionally with a {@link SinkException} otherwise
   */
  public CompletableFuture<Void> writeAsync(AuditPayload payload) {
    GovernanceRow row;
    try {
      row = GovernanceRow.from(payload, clock.instant());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(
          SinkException.permanentFailure(
              NAME,
              "audit_id=" + payload.auditId() + ": cannot map the payload to a row: " + e,
              e));
    }
    long timeoutNanos = config.writeTimeout().toNanos();
    long deadline = System.nanoTime() + timeoutNanos;
    CompletableFuture<Void> shared;
    try {
      shared = committer.submit(row, timeoutNanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CompletableFuture.failedFuture(
          SinkException.transientFailure(
              NAME, "audit_id=" + row.auditId() + ": interrupted while queueing", e));
    }
    // the shared future may be joined by other callers of the same audit_id: never complete it
    CompletableFuture<Void> mine = new CompletableFuture<>();
    shared.whenComplete(
        (v, e) -> {
          if (e == null) {
            mine.complete(null);
          } else {
            mine.completeExceptionally(failure(row.auditId(), e));
          }
        });
    return mine.orTimeout(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
        .handle(
            (v, e) -> {
              if (e == null) {
                return null;
              }
              Throwable cause =
                  e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
              throw new CompletionException(
                  cause instanceof TimeoutException ? timeoutFailure(row.auditId()) : cause);
            });
  }

  private static SinkException failure(String auditId, Throwable e) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    if (cause instanceof GroupCommitter.FailedWrite f) {
      WriteFailure failure = f.failure();
      return new SinkException(
          NAME, failure.kind(), "audit_id=" + auditId + ": " + failure.message(), failure.cause());
    }
    return SinkException.transientFailure(NAME, "audit_id=" + auditId + ": " + cause, cause);
  }

  private SinkException timeoutFailure(String auditId) {
    return SinkException.transientFailure(
        NAME,
        "audit_id="
            + auditId
            + ": no answer within "
            + config.writeTimeout()
            + "; the row may still land, and a retry is idempotent",
        null);
  }

  /** Whether a pooled connection is valid; never throws. */
  @Override
  public boolean isHealthy() {
    return db.isReachable();
  }

  /** Reads the table through this sink's pool; closing it is a no-op. */
  public GovernanceReader reader() {
    return reader;
  }

  public GovernanceStats stats() {
    return stats.snapshot();
  }

  public GovernanceConfig config() {
    return config;
  }

  /** Writes the rows already queued (waiting up to the write timeout), then closes the pool. */
  @Override
  public void close() {
    committer.close(config.writeTimeout());
    db.close();
  }
}
