package dev.agentoutbox.agent.validate;

import dev.agentoutbox.agent.anonymize.KnownPii;
import dev.agentoutbox.agent.anonymize.TokenMap;
import dev.agentoutbox.agent.execute.Execution;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Phase 6 rules on the draft answer, checked before restoration: it must be anonymized (only known
 * tokens, no raw PII), state the computed result, and contain no number the calculation did not
 * produce.
 */
public final class AnswerRules {
  private static final Pattern NUMBER = Pattern.compile("\\d[\\d,]*(?:\\.\\d+)?");
  private static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@[\\w-]+\\.[\\w.-]+");
  private static final Pattern LONG_DIGITS = Pattern.compile("\\d[\\d -]{8,}\\d");

  /** Every violated rule, without PII; empty when the draft may be restored and sent. */
  public List<String> check(
      String draft, Execution execution, TokenMap tokens, List<KnownPii> known) {
    List<String> violations = new ArrayList<>();
    for (String token : TokenMap.tokensIn(draft)) {
      if (!tokens.contains(token)) {
        violations.add("unknown token " + token + " cannot be restored");
      }
    }
    for (KnownPii k : known) {
      if (k.pattern().matcher(draft).find()) {
        violations.add("draft holds raw " + k.type() + " before restoration");
      }
    }
    if (EMAIL.matcher(draft).find()) {
      violations.add("draft holds an e-mail address");
    }
    String withoutTokens = TokenMap.TOKEN.matcher(draft).replaceAll(" ");
    if (LONG_DIGITS.matcher(withoutTokens).find()) {
      violations.add("draft holds a long digit sequence");
    }
    List<BigDecimal> stated = numbers(withoutTokens);
    for (BigDecimal n : stated) {
      if (execution.figures().stream().noneMatch(f -> f.compareTo(n) == 0)) {
        violations.add("number " + n.toPlainString() + " does not come from the calculation");
      }
    }
    for (BigDecimal required : execution.requiredFigures()) {
      if (stated.stream().noneMatch(n -> n.compareTo(required) == 0)) {
        violations.add("result " + required.toPlainString() + " is missing from the answer");
      }
    }
    return violations;
  }

  static List<BigDecimal> numbers(String text) {
    List<BigDecimal> found = new ArrayList<>();
    Matcher m = NUMBER.matcher(text);
    while (m.find()) {
      String s = m.group().replace(",", "");
      if (s.endsWith(".")) {
        s = s.substring(0, s.length() - 1);
      }
      found.add(new BigDecimal(s));
    }
    return found;
  }
}
