package dev.agentoutbox.agent.execute;

import dev.agentoutbox.agent.classify.Intent;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What phase 4 computed, in the form synthesis and validation consume.
 *
 * @param intent the classified intent
 * @param outcome which answer template applies, e.g. {@code eligible}
 * @param facts formatted values the answer may state (no PII), in a stable order
 * @param figures every number the answer may contain
 * @param requiredFigures numbers the answer must contain (the result itself)
 * @param problem why the request could not be served as asked, if so (no PII)
 */
public record Execution(
    Intent intent,
    String outcome,
    Map<String, String> facts,
    List<BigDecimal> figures,
    List<BigDecimal> requiredFigures,
    Optional<String> problem) {

  public Execution {
    facts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(facts));
    figures = List.copyOf(figures);
    requiredFigures = List.copyOf(requiredFigures);
  }

  /** Facts rendered one {@code name: value} per line, for prompts. */
  public String factsText() {
    StringBuilder sb = new StringBuilder();
    facts.forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
    return sb.toString().strip();
  }
}
