package dev.agentoutbox.sink.governance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentoutbox.sink.SinkException;
import dev.agentoutbox.sink.SinkException.Kind;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** {@link SqlErrorClassifier}; real-server failures are also covered by the contract tests. */
class GovernanceErrorClassificationTest {

  @ParameterizedTest
  @ValueSource(
      strings = {"08001", "08006", "40001", "40P01", "53300", "57P01", "57P03", "57014", "55P03"})
  void connectionLockAndResourceStatesAreTransient(String state) {
    assertThat(SqlErrorClassifier.kind(new SQLException("x", state))).isEqualTo(Kind.TRANSIENT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"22001", "22021", "22P02", "23505", "23502", "42601", "42501", "42P10"})
  void dataIntegrityAndSyntaxStatesArePermanent(String state) {
    assertThat(SqlErrorClassifier.kind(new SQLException("x", state))).isEqualTo(Kind.PERMANENT);
  }

  @Test
  void transientExceptionTypesAreTransient() {
    assertThat(SqlErrorClassifier.kind(new SQLTransientConnectionException("pool timeout")))
        .isEqualTo(Kind.TRANSIENT);
    assertThat(SqlErrorClassifier.kind(new SQLRecoverableException("gone")))
        .isEqualTo(Kind.TRANSIENT);
    assertThat(SqlErrorClassifier.kind(new SQLTimeoutException("slow"))).isEqualTo(Kind.TRANSIENT);
    assertThat(SqlErrorClassifier.kind(new SQLSyntaxErrorException("bad sql")))
        .isEqualTo(Kind.PERMANENT);
  }

  @Test
  void unknownFailuresAreTransient() {
    assertThat(SqlErrorClassifier.kind(new SQLException("something odd")))
        .isEqualTo(Kind.TRANSIENT);
    assertThat(SqlErrorClassifier.kind(new SQLException("odd", "HY000"))).isEqualTo(Kind.TRANSIENT);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "[DELTA_CONCURRENT_APPEND] ConcurrentAppendException: Files were added to the root of"
            + " the table by a concurrent update",
        "io.delta.exceptions.ConcurrentAppendException: Files were added",
        "HTTP Response code: 503, Error message: Service Unavailable",
        "Request failed with status code 429",
        "Too Many Requests",
        "TEMPORARILY_UNAVAILABLE: warehouse is starting"
      })
  void databricksConflictsAndThrottlingAreTransient(String message) {
    // the driver reports them with varied SQLStates; the message decides
    assertThat(SqlErrorClassifier.kind(new SQLException(message, "42000")))
        .isEqualTo(Kind.TRANSIENT);
  }

  @Test
  void aTransientCauseWinsOverAnOuterState() {
    SQLException wrapped = new SQLException("statement failed", "HY000", new IOException("reset"));
    assertThat(SqlErrorClassifier.kind(wrapped)).isEqualTo(Kind.TRANSIENT);
    SQLException chained = new SQLException("batch entry failed", "22001");
    chained.setNextException(new SQLException("connection lost", "08006"));
    assertThat(SqlErrorClassifier.kind(chained)).isEqualTo(Kind.TRANSIENT);
  }

  @Test
  void sqliteBusyAndLockedAreTransientConstraintsPermanent() {
    assertThat(
            SqlErrorClassifier.kind(
                new SQLiteException(
                    "[SQLITE_BUSY] database is locked", SQLiteErrorCode.SQLITE_BUSY)))
        .isEqualTo(Kind.TRANSIENT);
    assertThat(
            SqlErrorClassifier.kind(
                new SQLiteException("locked", SQLiteErrorCode.SQLITE_LOCKED_SHAREDCACHE)))
        .isEqualTo(Kind.TRANSIENT);
    assertThat(
            SqlErrorClassifier.kind(
                new SQLiteException("disk I/O error", SQLiteErrorCode.SQLITE_IOERR_WRITE)))
        .isEqualTo(Kind.TRANSIENT);
    assertThat(
            SqlErrorClassifier.kind(
                new SQLiteException(
                    "NOT NULL constraint failed", SQLiteErrorCode.SQLITE_CONSTRAINT_NOTNULL)))
        .isEqualTo(Kind.PERMANENT);
    assertThat(
            SqlErrorClassifier.kind(
                new SQLiteException("no such table: governance", SQLiteErrorCode.SQLITE_ERROR)))
        .isEqualTo(Kind.PERMANENT);
  }

  @Test
  void classifyNamesTheSinkAndTheState() {
    SinkException e =
        SqlErrorClassifier.classify(
            "governance", "write", new SQLException("duplicate key", "23505"));

    assertThat(e.kind()).isEqualTo(Kind.PERMANENT);
    assertThat(e.sink()).isEqualTo("governance");
    assertThat(e.getMessage()).isEqualTo("governance: write: [23505] duplicate key");
  }
}
