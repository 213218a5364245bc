package dev.agentoutbox.api.http;

import dev.agentoutbox.api.handoff.HandOff;
import dev.agentoutbox.api.handoff.HandOffReceipt;
import dev.agentoutbox.api.metrics.ApiMetrics;
import dev.agentoutbox.payload.AuditPayload;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls {@link HandOff#submit} on the request path, times it and maps "could not keep the record"
 * to a 503, so no 200/202 is ever sent for a record the outbox does not hold.
 */
public final class HandOffGate {
  private static final Logger LOG = LoggerFactory.getLogger(HandOffGate.class);

  private final HandOff handOff;
  private final ApiMetrics metrics;

  public HandOffGate(HandOff handOff, ApiMetrics metrics) {
    this.handOff = handOff;
    this.metrics = metrics;
  }

  public HandOffReceipt submit(AuditPayload payload, RequestContext ctx) throws ApiException {
    ctx.auditId(payload.auditId());
    long t0 = System.nanoTime();
    HandOffReceipt receipt;
    try {
      receipt = handOff.submit(payload);
      if (receipt == null) {
        throw new IllegalStateException("hand-off returned no receipt");
      }
    } catch (RuntimeException e) {
      long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - t0);
      metrics.handOff(ApiMetrics.OUTCOME_FAILED, micros);
      LOG.error(
          "audit_id={} hand-off failed ({}): record neither queued nor spooled, answering 503;"
              + " the client may retry",
          payload.auditId(),
          e.toString());
      throw new ApiException(
          503,
          "handoff_unavailable",
          "the audit record could not be queued or spooled; nothing was recorded, retry later");
    }
    long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - t0);
    metrics.handOff(receipt.destination().key(), micros);
    ctx.handedOff(receipt.destination().key(), micros);
    return receipt;
  }
}
