package dev.agentoutbox.queue;

/** Why a job ended in the dead letters. */
public enum DeadReason {
  /** The job text in Redis is not JSON, or not a Jesque job. */
  MALFORMED_JSON("malformed-json"),
  /** The job names a class other than {@link JobEnvelope#JOB_CLASS}. */
  UNKNOWN_CLASS("unknown-class"),
  /** The job is well formed but its payload is not a valid Phase 8 record. */
  INVALID_PAYLOAD("invalid-payload"),
  /** A sink refused the record with an error that retrying cannot fix. */
  SINK_REJECTED("sink-rejected"),
  /** Transient failures lasted longer than the retry policy allows. */
  RETRIES_EXHAUSTED("retries-exhausted");

  private final String code;

  DeadReason(String code) {
    this.code = code;
  }

  /** Stable code used in JSON, filters and metrics. */
  public String code() {
    return code;
  }

  public static DeadReason fromCode(String code) {
    for (DeadReason r : values()) {
      if (r.code.equals(code)) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "unknown reason '" + code + "' (one of " + java.util.Arrays.toString(codes()) + ")");
  }

  public static String[] codes() {
    return java.util.Arrays.stream(values()).map(DeadReason::code).toArray(String[]::new);
  }
}
