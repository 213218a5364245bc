package dev.agentoutbox.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * The value of one process heartbeat key, {@code {process,pid,started_at,beat_at,threads}}.
 *
 * @param process the worker process id ({@code host:pid:random})
 */
record HeartbeatInfo(String process, long pid, Instant startedAt, Instant beatAt, int threads) {

  /** Parses a heartbeat value; fields that cannot be read are null or 0. */
  static HeartbeatInfo parse(String processFromKey, String json) {
    JsonNode n = Json.tryParse(json);
    if (n == null || !n.isObject()) {
      return new HeartbeatInfo(processFromKey, 0, null, null, 0);
    }
    return new HeartbeatInfo(
        n.path("process").asText(processFromKey),
        n.path("pid").asLong(0),
        instant(n.path("started_at").asText(null)),
        instant(n.path("beat_at").asText(null)),
        n.path("threads").asInt(0));
  }

  private static Instant instant(String s) {
    if (s == null) {
      return null;
    }
    try {
      return Instant.parse(s);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
