package dev.agentoutbox.cli;

import dev.agentoutbox.payload.AuditPayload;
import dev.agentoutbox.sink.AuditSink;
import dev.agentoutbox.sink.SinkException;
import dev.agentoutbox.sink.SinkProgress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-process sink for tests that need dead letters without the real sinks: succeeds, or refuses
 * every record permanently (like an HTTP 400).
 */
final class ScriptedSink implements AuditSink {
  private final String name;
  private final boolean refuse;
  final Set<String> written = ConcurrentHashMap.newKeySet();

  private ScriptedSink(String name, boolean refuse) {
    this.name = name;
    this.refuse = refuse;
  }

  static ScriptedSink accepting(String name) {
    return new ScriptedSink(name, false);
  }

  static ScriptedSink refusing(String name) {
    return new ScriptedSink(name, true);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void write(AuditPayload payload, SinkProgress progress) throws SinkException {
    if (refuse) {
      throw SinkException.permanentFailure(name, "HTTP 400 INVALID_PARAMETER_VALUE (test)", null);
    }
    written.add(payload.auditId().toString());
  }
}
