package dev.agentoutbox.sink.governance;

import dev.agentoutbox.sink.SinkException;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLRecoverableException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Decides whether a failed statement can succeed later.
 *
 * <p>TRANSIENT: {@link SQLTransientException} (timeouts, pool exhaustion), {@link
 * SQLRecoverableException}, SQLState classes 08 (connection), 40 (serialization, deadlock), 53
 * (resources), 55P03 (lock), 57 (cancel, shutdown), HYT00/HYT01/HY008 (timeout, cancel), SQLite
 * BUSY/LOCKED/IOERR/FULL, Databricks concurrent-commit conflicts ({@code DELTA_CONCURRENT_*},
 * {@code ConcurrentAppendException}) and HTTP 429/503 answers. PERMANENT: SQLState classes 22
 * (data), 23 (integrity; the sink's own duplicates never raise it) and 42 (syntax, permission,
 * missing object), and SQLite ERROR (SQL error, missing table)/CONSTRAINT/TOOBIG/MISMATCH/RANGE.
 * Anything else is TRANSIENT: the worker retries it a bounded number of times before
 * dead-lettering.
 */
public final class SqlErrorClassifier {
  private static final int MAX_DEPTH = 8;
  private static final Set<String> TRANSIENT_STATES = Set.of("55P03", "HYT00", "HYT01", "HY008");
  private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "40", "53", "57");
  private static final Set<String> PERMANENT_CLASSES = Set.of("22", "23", "42");
  private static final Pattern TRANSIENT_MESSAGE =
      Pattern.compile(
          "DELTA_CONCURRENT_|Concurrent[A-Za-z]*Exception|TEMPORARILY_UNAVAILABLE"
              + "|Too Many Requests|Service Unavailable|(?:HTTP|status|code)\\D{0,20}(?:429|503)\\b"
              + "|SQLITE_BUSY|SQLITE_LOCKED|timed out",
          Pattern.CASE_INSENSITIVE);
  private static final Set<SQLiteErrorCode> SQLITE_PERMANENT =
      Set.of(
          SQLiteErrorCode.SQLITE_ERROR,
          SQLiteErrorCode.SQLITE_CONSTRAINT,
          SQLiteErrorCode.SQLITE_TOOBIG,
          SQLiteErrorCode.SQLITE_MISMATCH,
          SQLiteErrorCode.SQLITE_RANGE);

  private SqlErrorClassifier() {}

  /** The kind of failure {@code e} is. */
  public static SinkException.Kind kind(SQLException e) {
    SinkException.Kind permanent = null;
    int depth = 0;
    for (Throwable t = e; t != null && depth < MAX_DEPTH; t = next(t), depth++) {
      SinkException.Kind k = ownKind(t);
      if (k == SinkException.Kind.TRANSIENT) {
        return k;
      }
      if (k == SinkException.Kind.PERMANENT && permanent == null) {
        permanent = k;
      }
    }
    return permanent != null ? permanent : SinkException.Kind.TRANSIENT;
  }

  /** Whether {@code e} says the connection itself was lost (SQLState class 08, I/O errors). */
  public static boolean isConnectionLoss(SQLException e) {
    int depth = 0;
    for (Throwable t = e; t != null && depth < MAX_DEPTH; t = next(t), depth++) {
      if (t instanceof SQLRecoverableException
          || t instanceof java.sql.SQLNonTransientConnectionException
          || t instanceof java.io.IOException
          || (t instanceof SQLException s
              && s.getSQLState() != null
              && s.getSQLState().startsWith("08"))) {
        return true;
      }
    }
    return false;
  }

  /** {@code e} as a {@link SinkException} of the sink {@code sink}. */
  public static SinkException classify(String sink, String what, SQLException e) {
    return new SinkException(sink, kind(e), what + ": " + describe(e), e);
  }

  /** A one-line description: SQLState, vendor code and message. */
  public static String describe(SQLException e) {
    StringBuilder sb = new StringBuilder();
    if (e.getSQLState() != null) {
      sb.append("[").append(e.getSQLState()).append("] ");
    }
    sb.append(e.getMessage());
    Throwable cause = e.getCause();
    if (cause != null
        && cause.getMessage() != null
        && !sb.toString().contains(cause.getMessage())) {
      sb.append(" (caused by ").append(cause.getClass().getSimpleName()).append(": ");
      sb.append(cause.getMessage()).append(")");
    }
    return sb.toString();
  }

  private static Throwable next(Throwable t) {
    if (t instanceof SQLException s && s.getNextException() != null && s.getNextException() != t) {
      return s.getNextException();
    }
    return t.getCause() == t ? null : t.getCause();
  }

  /** TRANSIENT, PERMANENT, or null when this throwable alone does not tell. */
  private static SinkException.Kind ownKind(Throwable t) {
    if (t instanceof SQLTransientException
        || t instanceof SQLRecoverableException
        || t instanceof SQLTimeoutException
        || t instanceof java.io.IOException
        || t instanceof java.util.concurrent.TimeoutException) {
      return SinkException.Kind.TRANSIENT;
    }
    String message = t.getMessage();
    if (message != null && TRANSIENT_MESSAGE.matcher(message).find()) {
      return SinkException.Kind.TRANSIENT;
    }
    if (t instanceof SQLiteException s) {
      return SQLITE_PERMANENT.contains(primary(s.getResultCode()))
          ? SinkException.Kind.PERMANENT
          : SinkException.Kind.TRANSIENT;
    }
    if (t instanceof SQLException s && s.getSQLState() != null && s.getSQLState().length() >= 2) {
      String state = s.getSQLState().toUpperCase(Locale.ROOT);
      String cls = state.substring(0, 2);
      if (TRANSIENT_STATES.contains(state) || TRANSIENT_CLASSES.contains(cls)) {
        return "40002".equals(state) ? SinkException.Kind.PERMANENT : SinkException.Kind.TRANSIENT;
      }
      if (PERMANENT_CLASSES.contains(cls)) {
        return SinkException.Kind.PERMANENT;
      }
    }
    if (t instanceof SQLDataException
        || t instanceof SQLIntegrityConstraintViolationException
        || t instanceof SQLSyntaxErrorException) {
      return SinkException.Kind.PERMANENT;
    }
    return null;
  }

  private static SQLiteErrorCode primary(SQLiteErrorCode code) {
    if (code == null) {
      return SQLiteErrorCode.UNKNOWN_ERROR;
    }
    return SQLiteErrorCode.getErrorCode(code.code & 0xFF);
  }
}
