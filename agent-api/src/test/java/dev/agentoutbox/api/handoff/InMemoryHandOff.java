package dev.agentoutbox.api.handoff;

import dev.agentoutbox.payload.AuditPayload;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Test double for HTTP-layer tests only: keeps submitted payloads in a list. */
public final class InMemoryHandOff implements HandOff {
  private final List<AuditPayload> submitted = new CopyOnWriteArrayList<>();
  private volatile HandOffDestination destination = HandOffDestination.QUEUED;
  private volatile RuntimeException failure;

  @Override
  public HandOffReceipt submit(AuditPayload payload) {
    RuntimeException f = failure;
    if (f != null) {
      throw f;
    }
    submitted.add(payload);
    return new HandOffReceipt(payload.auditId(), destination);
  }

  @Override
  public HandOffHealth health() {
    if (failure != null) {
      return new HandOffHealth(HandOffHealth.Status.DOWN, 0, List.of("spool unwritable (test)"));
    }
    if (destination == HandOffDestination.SPOOLED) {
      long spooled = submitted.size();
      return new HandOffHealth(
          HandOffHealth.Status.DEGRADED, spooled, List.of("redis unreachable (test)"));
    }
    return HandOffHealth.up();
  }

  public List<AuditPayload> submitted() {
    return List.copyOf(submitted);
  }

  /** Following submissions are "spooled" and health reports DEGRADED. */
  public InMemoryHandOff spooling() {
    destination = HandOffDestination.SPOOLED;
    return this;
  }

  /** Following submissions throw {@code e} and health reports DOWN. */
  public InMemoryHandOff failing(RuntimeException e) {
    failure = e;
    return this;
  }
}
