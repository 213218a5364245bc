package dev.agentoutbox.api.http;

import java.util.UUID;

/** What one request did, for its log line and metrics. Confined to the handling thread. */
public final class RequestContext {
  public static final String UNMATCHED_ROUTE = "unmatched";

  String route = UNMATCHED_ROUTE;
  UUID auditId;
  String audit;
  long handOffMicros = -1;
  String error;

  public void auditId(UUID id) {
    this.auditId = id;
  }

  public void handedOff(String destination, long micros) {
    this.audit = destination;
    this.handOffMicros = micros;
  }

  public UUID auditId() {
    return auditId;
  }
}
