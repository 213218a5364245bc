package dev.agentoutbox.payload;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The invariants of a Phase 8 payload, each reported with the JSON name of its field. */
public final class PayloadValidator {
  public static final int MAX_ID_LENGTH = 128;
  public static final int MAX_QUERY_LENGTH = 4_000;
  public static final int MAX_SUMMARY_LENGTH = 4_000;
  public static final int MAX_ERRORS = 100;
  public static final int MAX_COST_SCALE = 12;

  private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");
  private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
  private static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@[\\w-]+\\.[\\w.-]+");
  private static final int LONG_DIGITS_MIN = 10;

  private PayloadValidator() {}

  /** Returns every violated invariant; empty when the payload is valid. */
  public static List<FieldError> validate(AuditPayload p) {
    List<FieldError> errors = new ArrayList<>();
    if (p.schemaVersion() < 1 || p.schemaVersion() > AuditPayload.SCHEMA_VERSION) {
      errors.add(
          new FieldError(
              "schema_version",
              "unsupported version "
                  + p.schemaVersion()
                  + " (1.."
                  + AuditPayload.SCHEMA_VERSION
                  + ")"));
    }
    requireText(errors, "session_id", p.sessionId(), MAX_ID_LENGTH);
    if (requireText(errors, "user_id", p.userId(), 64) && !USER_ID.matcher(p.userId()).matches()) {
      errors.add(new FieldError("user_id", "must match " + USER_ID.pattern()));
    }
    if (requireText(errors, "country", p.country(), 2) && !COUNTRY.matcher(p.country()).matches()) {
      errors.add(new FieldError("country", "must be an ISO 3166-1 alpha-2 code such as IN"));
    }
    if (requireText(errors, "query_anonymized", p.queryAnonymized(), MAX_QUERY_LENGTH)) {
      rejectRawPii(errors, "query_anonymized", p.queryAnonymized());
    }
    if (p.responseSummary() == null) {
      errors.add(new FieldError("response_summary", "is required"));
    } else if (p.responseSummary().length() > MAX_SUMMARY_LENGTH) {
      errors.add(new FieldError("response_summary", "longer than " + MAX_SUMMARY_LENGTH));
    } else {
      rejectRawPii(errors, "response_summary", p.responseSummary());
    }
    for (Phase phase : Phase.values()) {
      Long ms = p.phaseDurationsMs().get(phase);
      String field = "phase_durations_ms." + phase.key();
      if (ms == null) {
        errors.add(new FieldError(field, "is required"));
      } else if (ms < 0) {
        errors.add(new FieldError(field, "must be >= 0"));
      }
    }
    for (LlmPhase phase : LlmPhase.values()) {
      LlmUsage u = p.llmPhases().get(phase);
      String field = "llm_phases." + phase.key();
      if (u == null) {
        errors.add(new FieldError(field, "is required"));
        continue;
      }
      if (u.model().isBlank()) {
        errors.add(new FieldError(field + ".model", "must not be blank"));
      }
      if (u.inputTokens() < 0) {
        errors.add(new FieldError(field + ".input_tokens", "must be >= 0"));
      }
      if (u.outputTokens() < 0) {
        errors.add(new FieldError(field + ".output_tokens", "must be >= 0"));
      }
      checkCost(errors, field + ".cost_usd", u.costUsd());
    }
    if (p.totalCostUsd() == null) {
      errors.add(new FieldError("total_cost_usd", "is required"));
    } else if (checkCost(errors, "total_cost_usd", p.totalCostUsd())
        && p.llmPhases().size() == LlmPhase.values().length
        && p.totalCostUsd().compareTo(p.sumOfPhaseCosts()) != 0) {
      errors.add(
          new FieldError(
              "total_cost_usd",
              "must equal the sum of the phase costs ("
                  + p.sumOfPhaseCosts().toPlainString()
                  + "), was "
                  + p.totalCostUsd().toPlainString()));
    }
    if (p.errors().size() > MAX_ERRORS) {
      errors.add(new FieldError("errors", "more than " + MAX_ERRORS + " entries"));
    }
    for (int i = 0; i < p.errors().size(); i++) {
      AuditError e = p.errors().get(i);
      if (Phase.fromKey(e.phase()).isEmpty()) {
        errors.add(new FieldError("errors[" + i + "].phase", "unknown phase '" + e.phase() + "'"));
      }
    }
    if (p.startedAt() == null) {
      errors.add(new FieldError("started_at", "is required"));
    }
    if (p.completedAt() == null) {
      errors.add(new FieldError("completed_at", "is required"));
    }
    if (p.startedAt() != null
        && p.completedAt() != null
        && p.completedAt().isBefore(p.startedAt())) {
      errors.add(new FieldError("completed_at", "is before started_at"));
    }
    return errors;
  }

  /**
   * True when the text holds ten or more characters of digits, spaces and hyphens that start and
   * end with a digit (an account or phone number); a linear scan, as this runs for every job.
   */
  static boolean hasLongDigitRun(String text) {
    int firstDigit = -1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        if (firstDigit < 0) {
          firstDigit = i;
        }
        if (i - firstDigit + 1 >= LONG_DIGITS_MIN) {
          return true;
        }
      } else if (c != ' ' && c != '-') {
        firstDigit = -1;
      }
    }
    return false;
  }

  private static boolean requireText(List<FieldError> errors, String field, String v, int max) {
    if (v == null) {
      errors.add(new FieldError(field, "is required"));
      return false;
    }
    if (v.isBlank()) {
      errors.add(new FieldError(field, "must not be blank"));
      return false;
    }
    if (v.length() > max) {
      errors.add(new FieldError(field, "longer than " + max + " characters"));
      return false;
    }
    return true;
  }

  private static boolean checkCost(List<FieldError> errors, String field, BigDecimal cost) {
    if (cost.signum() < 0) {
      errors.add(new FieldError(field, "must be >= 0"));
      return false;
    }
    if (cost.stripTrailingZeros().scale() > MAX_COST_SCALE) {
      errors.add(new FieldError(field, "more than " + MAX_COST_SCALE + " decimal places"));
      return false;
    }
    return true;
  }

  private static void rejectRawPii(List<FieldError> errors, String field, String text) {
    if (text.indexOf('@') >= 0 && EMAIL.matcher(text).find()) {
      errors.add(new FieldError(field, "holds an e-mail address: anonymize it before auditing"));
    }
    if (hasLongDigitRun(text)) {
      errors.add(
          new FieldError(field, "holds a long digit sequence (raw PII?): anonymize it first"));
    }
  }
}
