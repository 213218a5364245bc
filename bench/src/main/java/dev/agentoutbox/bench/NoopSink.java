package dev.agentoutbox.bench;

import dev.agentoutbox.payload.AuditPayload;
import dev.agentoutbox.sink.AuditSink;
import dev.agentoutbox.sink.SinkProgress;

/** A sink that does nothing: what is left is the queue machinery's own cost. */
public final class NoopSink implements AuditSink {
  private final String name;

  public NoopSink(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void write(AuditPayload payload, SinkProgress progress) {}
}
