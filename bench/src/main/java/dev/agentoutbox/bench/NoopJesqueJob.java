package dev.agentoutbox.bench;

/** The trivial job bare Jesque runs: takes the payload argument and does nothing with it. */
public final class NoopJesqueJob implements Runnable {
  private final String payloadJson;

  public NoopJesqueJob(String payloadJson) {
    this.payloadJson = payloadJson;
  }

  @Override
  public void run() {
    if (payloadJson == null) {
      throw new IllegalStateException("job without payload");
    }
  }
}
