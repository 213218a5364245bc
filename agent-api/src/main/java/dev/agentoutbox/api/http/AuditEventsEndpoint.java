package dev.agentoutbox.api.http;

import com.sun.net.httpserver.HttpExchange;
import dev.agentoutbox.api.handoff.HandOffReceipt;
import dev.agentoutbox.payload.AuditPayload;
import dev.agentoutbox.payload.PayloadCodec;
import dev.agentoutbox.payload.PayloadValidationException;
import java.io.IOException;

/**
 * {@code POST /v1/audit-events}: accepts a Phase 8 payload from another agent (PayloadCodec JSON),
 * hands it off and answers 202. Invalid payloads get 400 with every offending field and are not
 * handed off.
 */
public final class AuditEventsEndpoint implements Endpoint {
  private final HandOffGate gate;
  private final int maxBodyBytes;

  public AuditEventsEndpoint(HandOffGate gate, int maxBodyBytes) {
    this.gate = gate;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public Response handle(HttpExchange ex, RequestContext ctx) throws ApiException, IOException {
    Bodies.requireJson(ex);
    AuditPayload payload;
    try {
      payload = PayloadCodec.fromNode(Json.parse(Bodies.read(ex, maxBodyBytes)));
    } catch (PayloadValidationException e) {
      throw new ApiException(
          400,
          "invalid_payload",
          "not a valid Phase 8 payload (" + e.errors().size() + " problem(s))",
          e.errors());
    }
    HandOffReceipt receipt = gate.submit(payload, ctx);
    return Response.json(
        202,
        Json.object()
            .put("audit_id", payload.auditId().toString())
            .put("status", "accepted")
            .put("audit", receipt.destination().key()));
  }
}
