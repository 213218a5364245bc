package dev.agentoutbox.worker;

import java.util.concurrent.Callable;

/**
 * The one job class the worker accepts ({@code "class":"Phase8Job"}), materialized by Jesque's
 * {@code MapBasedJobFactory}. It only carries the payload JSON; {@link JobProcessor} does the work.
 */
public final class Phase8Job implements Callable<String> {
  private final String payloadJson;

  public Phase8Job(String payloadJson) {
    this.payloadJson = payloadJson;
  }

  public String payloadJson() {
    return payloadJson;
  }

  @Override
  public String call() {
    return payloadJson;
  }
}
