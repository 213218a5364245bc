package dev.agentoutbox.api.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.agentoutbox.agent.Agent;
import dev.agentoutbox.agent.AgentRequest;
import dev.agentoutbox.agent.AgentResult;
import dev.agentoutbox.agent.UnknownMemberException;
import dev.agentoutbox.api.handoff.HandOffReceipt;
import java.io.IOException;

/**
 * {@code POST /v1/query}: answers through the agent, hands the Phase 8 payload off, then answers
 * 200. The hand-off happens before the response is written, so a 200 means the record is in the
 * outbox.
 */
public final class QueryEndpoint implements Endpoint {
  private final Agent agent;
  private final HandOffGate gate;
  private final int maxBodyBytes;

  public QueryEndpoint(Agent agent, HandOffGate gate, int maxBodyBytes) {
    this.agent = agent;
    this.gate = gate;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public Response handle(HttpExchange ex, RequestContext ctx) throws ApiException, IOException {
    Bodies.requireJson(ex);
    AgentRequest request = QueryRequests.parse(Json.parse(Bodies.read(ex, maxBodyBytes)));
    AgentResult result;
    try {
      result = agent.answer(request);
    } catch (UnknownMemberException e) {
      throw new ApiException(404, "unknown_member", e.getMessage());
    }
    HandOffReceipt receipt = gate.submit(result.payload(), ctx);

    ObjectNode body = Json.object();
    body.put("session_id", result.sessionId());
    body.put("audit_id", result.auditId().toString());
    body.put("answer", result.answer());
    ObjectNode timings = body.putObject("timings");
    result.phaseDurationsMs().forEach((phase, ms) -> timings.put(phase.key(), ms));
    timings.put("handoff_us", ctx.handOffMicros);
    body.put("cost_usd", result.costUsd());
    body.put("audit", receipt.destination().key());
    return Response.json(200, body);
  }
}
