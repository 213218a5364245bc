package dev.agentoutbox.agent.anonymize;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tokens handed out while anonymizing one request and the values they stand for. The same value
 * always gets the same token. Not thread-safe: one map per request.
 */
public final class TokenMap {
  /** Any token this class can produce, e.g. {@code <MEMBER_ID_2>}. */
  public static final Pattern TOKEN = Pattern.compile("<([A-Z]+(?:_[A-Z]+)*)_(\\d+)>");

  private final Map<String, String> originalByToken = new LinkedHashMap<>();
  private final Map<String, String> tokenByOriginal = new HashMap<>();
  private final Map<PiiType, Integer> counters = new EnumMap<>(PiiType.class);

  /** The token for a value, handing out the next one of its type on first use. */
  public String tokenFor(PiiType type, String original) {
    String key = type + "\u0000" + original;
    String existing = tokenByOriginal.get(key);
    if (existing != null) {
      return existing;
    }
    int n = counters.merge(type, 1, Integer::sum);
    String token = "<" + type.name() + "_" + n + ">";
    tokenByOriginal.put(key, token);
    originalByToken.put(token, original);
    return token;
  }

  public Optional<String> original(String token) {
    return Optional.ofNullable(originalByToken.get(token));
  }

  public boolean contains(String token) {
    return originalByToken.containsKey(token);
  }

  /** Token to original value, in the order the tokens were handed out. */
  public Map<String, String> entries() {
    return java.util.Collections.unmodifiableMap(originalByToken);
  }

  public int size() {
    return originalByToken.size();
  }

  /** Replaces every token of this map by its value; other token-like text is left as is. */
  public String restore(String text) {
    Matcher m = TOKEN.matcher(text);
    StringBuilder out = new StringBuilder(text.length() + 32);
    while (m.find()) {
      String original = originalByToken.getOrDefault(m.group(), m.group());
      m.appendReplacement(out, Matcher.quoteReplacement(original));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Every token-like substring of {@code text}, in order. */
  public static List<String> tokensIn(String text) {
    List<String> found = new ArrayList<>();
    Matcher m = TOKEN.matcher(text);
    while (m.find()) {
      found.add(m.group());
    }
    return found;
  }
}
