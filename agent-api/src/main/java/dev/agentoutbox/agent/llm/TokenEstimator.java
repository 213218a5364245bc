package dev.agentoutbox.agent.llm;

/** Deterministic token count: one token per started group of four code points. */
public final class TokenEstimator {
  public static final int CODE_POINTS_PER_TOKEN = 4;

  private TokenEstimator() {}

  public static long tokens(String text) {
    long codePoints = text.codePointCount(0, text.length());
    return (codePoints + CODE_POINTS_PER_TOKEN - 1) / CODE_POINTS_PER_TOKEN;
  }
}
