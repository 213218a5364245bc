package dev.agentoutbox.agent;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Prompt templates of the LLM phases; {@code {name}} placeholders, anonymized values only. */
final class Prompts {
  static final String CLASSIFICATION =
      """
      You classify questions from members of a provident fund.
      Labels: eps_pension_benefit, epf_balance, general.
      Answer with one label only.
      Question: {query}""";

  static final String SYNTHESIS =
      """
      Write the answer to the member's question using these facts only.
      Address the member as {person}. Keep every figure exactly as given.
      Question: {query}
      Intent: {intent}
      Outcome: {outcome}
      Facts:
      {facts}""";

  static final String VALIDATION =
      """
      Check the draft answer against the facts: every figure must come from the facts and the
      result must be stated. Answer PASS, or FAIL: <reason>.
      Facts:
      {facts}
      Draft:
      {draft}
      Rule check: {rule_violations}""";

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");

  private Prompts() {}

  static String render(String template, Map<String, String> vars) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder(template.length() + 256);
    while (m.find()) {
      String v = vars.get(m.group(1));
      if (v == null) {
        throw new IllegalArgumentException("prompt variable '" + m.group(1) + "' missing");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(v));
    }
    m.appendTail(out);
    return out.toString();
  }
}
