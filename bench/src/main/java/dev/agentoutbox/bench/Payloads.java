package dev.agentoutbox.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentoutbox.agent.AgentConfig;
import dev.agentoutbox.agent.AgentRequest;
import dev.agentoutbox.agent.ReferenceAgent;
import dev.agentoutbox.payload.AuditPayload;
import dev.agentoutbox.payload.PayloadCodec;
import dev.agentoutbox.payload.PayloadValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Realistic Phase 8 payloads: made by the reference agent, copied under fresh audit ids. */
public final class Payloads {
  /** The members of the sample directory, with the question each one asks. */
  public static final String[][] MEMBERS = {
    {"IN003", "IN", "What is my EPS pension benefit?"},
    {"IN001", "IN", "How much EPS pension will I get?"},
    {"IN002", "IN", "What is my EPS pension benefit?"},
    {"IN004", "IN", "Am I eligible for an EPS pension?"},
  };

  private final List<ObjectNode> templates = new ArrayList<>();

  public Payloads() {
    ReferenceAgent agent = ReferenceAgent.offline(AgentConfig.defaults());
    for (String[] m : MEMBERS) {
      try {
        AuditPayload p = agent.answer(AgentRequest.of(m[0], m[1], m[2])).payload();
        templates.add(PayloadCodec.toNode(p));
      } catch (dev.agentoutbox.agent.UnknownMemberException e) {
        throw new IllegalStateException("sample member " + m[0] + " missing", e);
      }
    }
  }

  /** Payload JSON number {@code i} under a new random audit id. */
  public String json(int i) {
    ObjectNode n = templates.get(i % templates.size()).deepCopy();
    n.put("audit_id", UUID.randomUUID().toString());
    n.put("session_id", UUID.randomUUID().toString());
    return n.toString();
  }

  /** Payload number {@code i} under a new random audit id. */
  public AuditPayload payload(int i) {
    try {
      return PayloadCodec.parse(json(i));
    } catch (PayloadValidationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Size of a payload's JSON in bytes. */
  public int jsonBytes() {
    return json(0).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }
}
