package dev.agentoutbox.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** Exit codes of the operator commands; listed in every command's {@code --help}. */
public final class ExitCodes {
  /** The command did what was asked; {@code verify} found nothing missing or duplicated. */
  public static final int OK = 0;

  /**
   * The command ran, and found problems: {@code verify} found missing or duplicated ids, or a
   * requeue skipped dead letters that cannot be requeued (malformed jobs).
   */
  public static final int PROBLEMS = 1;

  /** Bad usage: unknown option, malformed time or number, missing confirmation flag. */
  public static final int USAGE = 2;

  /** An id given on the command line is not there (no such dead letter). */
  public static final int UNKNOWN_ID = 3;

  /** Redis could not be reached, or refused the command. */
  public static final int REDIS_UNAVAILABLE = 4;

  /** The governance database could not be reached or read. */
  public static final int DATABASE_UNAVAILABLE = 5;

  /** The MLflow tracking server could not be reached or read. */
  public static final int MLFLOW_UNAVAILABLE = 6;

  /** An unexpected internal error (a bug: run again with --verbose and report it). */
  public static final int INTERNAL = 70;

  /** Interrupted (Ctrl-C or SIGTERM) between two ids; every id done so far is done entirely. */
  public static final int INTERRUPTED = 130;

  private ExitCodes() {}

  /** Code and meaning, for the help section. */
  public static Map<String, String> describe() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(" " + OK, "ok");
    m.put(
        " " + PROBLEMS,
        "problems found (verify: missing/duplicated ids; requeue: unrequeuable ids)");
    m.put(" " + USAGE, "bad usage or input (option, time, number, missing confirmation)");
    m.put(" " + UNKNOWN_ID, "unknown id");
    m.put(" " + REDIS_UNAVAILABLE, "Redis unreachable");
    m.put(" " + DATABASE_UNAVAILABLE, "governance database unreachable");
    m.put(" " + MLFLOW_UNAVAILABLE, "MLflow unreachable");
    m.put(INTERNAL + "", "internal error (run with --verbose and report it)");
    m.put(INTERRUPTED + "", "interrupted between two ids (the ids done so far are reported)");
    return m;
  }
}
