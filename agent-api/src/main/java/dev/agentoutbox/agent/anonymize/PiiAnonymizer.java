package dev.agentoutbox.agent.anonymize;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Regex PII anonymizer. Replaces e-mail addresses, then known values (the member's name, phone,
 * ids), then anything that looks like a date, a phone number, a member id, a long digit run or an
 * introduced name, and finally every further occurrence of a value already tokenized, with tokens
 * recorded in a {@link TokenMap}. Already tokenized text passes through unchanged, so anonymizing
 * twice is harmless.
 */
public final class PiiAnonymizer {
  private static final Rule EMAIL =
      new Rule(PiiType.EMAIL, Pattern.compile("[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+"), 0);
  private static final List<Rule> RULES =
      List.of(
          new Rule(
              PiiType.DATE,
              Pattern.compile("\\b(?:\\d{4}-\\d{2}-\\d{2}|\\d{1,2}[/.-]\\d{1,2}[/.-]\\d{4})\\b"),
              0),
          new Rule(
              PiiType.PHONE, Pattern.compile("(?<![\\w+])\\+\\d{1,3}(?:[ -]?\\d){6,14}\\b"), 0),
          new Rule(PiiType.PHONE, Pattern.compile("\\b[6-9]\\d{4}[ -]?\\d{5}\\b"), 0),
          new Rule(PiiType.MEMBER_ID, Pattern.compile("\\b[A-Z]{2}\\d{3,}\\b"), 0),
          new Rule(PiiType.NUMBER, Pattern.compile("\\b\\d{6,}\\b"), 0),
          new Rule(
              PiiType.PERSON,
              Pattern.compile(
                  "\\b(?:[Mm]y name is|[Tt]his is|I am|I'm)\\s+(\\p{Lu}\\p{Ll}+(?:\\s+\\p{Lu}\\p{Ll}+){0,2})"),
              1),
          new Rule(
              PiiType.PERSON,
              Pattern.compile(
                  "\\b(?:Mr|Mrs|Ms|Dr|Shri|Smt)\\.?\\s+(\\p{Lu}\\p{Ll}+(?:\\s+\\p{Lu}\\p{Ll}+)?)"),
              1),
          // Safety net: exactly what PayloadValidator rejects in audited text.
          new Rule(PiiType.EMAIL, Pattern.compile("[\\w.+-]+@[\\w-]+\\.[\\w.-]+"), 0),
          new Rule(PiiType.NUMBER, Pattern.compile("\\d[\\d -]{8,}\\d"), 0));

  /**
   * Anonymizes {@code text}.
   *
   * @param known values to replace wherever they appear (case-insensitive, longest first); every
   *     spelling maps to the token of the known value
   */
  public String anonymize(String text, TokenMap tokens, List<KnownPii> known) {
    String out = apply(EMAIL, text, tokens);
    List<KnownPii> longestFirst = new ArrayList<>(known);
    longestFirst.sort(Comparator.comparingInt((KnownPii k) -> k.value().length()).reversed());
    for (KnownPii k : longestFirst) {
      out = replace(out, k.pattern(), 0, m -> tokens.tokenFor(k.type(), k.value()));
    }
    for (Rule r : RULES) {
      out = apply(r, out, tokens);
    }
    List<Map.Entry<String, String>> found = new ArrayList<>(tokens.entries().entrySet());
    found.sort(
        Comparator.comparingInt((Map.Entry<String, String> e) -> e.getValue().length()).reversed());
    for (Map.Entry<String, String> e : found) {
      out = replace(out, KnownPii.wordPattern(e.getValue()), 0, m -> e.getKey());
    }
    return out;
  }

  private static String apply(Rule r, String text, TokenMap tokens) {
    return replace(text, r.pattern(), r.group(), m -> tokens.tokenFor(r.type(), m));
  }

  private static String replace(
      String text, Pattern pattern, int group, Function<String, String> tokenOf) {
    Matcher m = pattern.matcher(text);
    if (!m.find()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int last = 0;
    do {
      out.append(text, last, m.start(group)).append(tokenOf.apply(m.group(group)));
      last = m.end(group);
    } while (m.find());
    return out.append(text, last, text.length()).toString();
  }

  private record Rule(PiiType type, Pattern pattern, int group) {}
}
