package dev.agentoutbox.agent.classify;

import java.util.Locale;
import java.util.regex.Pattern;

/** Keyword rules standing in for the classification model; pension questions win over balance. */
public final class RuleIntentClassifier {
  private static final Pattern PENSION =
      Pattern.compile("\\b(?:eps|pension\\w*|retire\\w*|monthly benefit)\\b");
  private static final Pattern BALANCE =
      Pattern.compile("\\b(?:epf|pf|provident|balance|savings|corpus)\\b");

  public Intent classify(String anonymizedQuery) {
    String q = anonymizedQuery.toLowerCase(Locale.ROOT);
    if (PENSION.matcher(q).find()) {
      return Intent.EPS_PENSION_BENEFIT;
    }
    if (BALANCE.matcher(q).find()) {
      return Intent.EPF_BALANCE;
    }
    return Intent.GENERAL;
  }
}
