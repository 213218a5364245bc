package dev.agentoutbox.payload;

/**
 * One reason a payload was rejected.
 *
 * @param field the JSON path of the offending field, e.g. {@code llm_phases.synthesis.cost_usd}
 * @param message what is wrong with it
 */
public record FieldError(String field, String message) {
  @Override
  public String toString() {
    return field + ": " + message;
  }
}
