package dev.agentoutbox.api.handoff;

import dev.agentoutbox.payload.AuditPayload;
import dev.agentoutbox.payload.PayloadCodec;
import dev.agentoutbox.queue.AuditQueue;
import dev.agentoutbox.queue.QueueUnavailableException;
import dev.agentoutbox.spool.Spool;
import dev.agentoutbox.spool.SpoolFullException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production {@link HandOff}: straight to the Redis queue; when Redis is unreachable, to the
 * local fsync'd spool, which a background relay drains in order once Redis answers again.
 *
 * <p>While the spool holds records, new ones are spooled too, so records reach Redis in the order
 * they were accepted. After the first failure the hand-off stops trying Redis on the request path
 * (so users do not pay a timeout per request) and leaves probing to the relay.
 */
public final class OutboxHandOff implements HandOff {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxHandOff.class);
  public static final Duration DEFAULT_RELAY_PERIOD = Duration.ofMillis(200);

  private final AuditQueue queue;
  private final Spool spool;
  private final Clock clock;
  private final ScheduledExecutorService relay;
  private final List<String> redisProblems;
  private volatile boolean redisDown;
  private volatile Instant redisDownSince;
  private volatile boolean spoolFull;

  public OutboxHandOff(
      AuditQueue queue,
      Spool spool,
      Clock clock,
      Duration relayPeriod,
      List<String> redisProblems) {
    this.queue = queue;
    this.spool = spool;
    this.clock = clock;
    this.redisProblems = List.copyOf(redisProblems);
    this.relay =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "spool-relay");
              t.setDaemon(true);
              return t;
            });
    if (!queue.ping()) {
      markDown(new IllegalStateException("no answer at start"));
    }
    long ms = relayPeriod.toMillis();
    relay.scheduleWithFixedDelay(this::relayOnce, ms, ms, TimeUnit.MILLISECONDS);
  }

  @Override
  public HandOffReceipt submit(AuditPayload payload) {
    String id = payload.auditId().toString();
    String json = PayloadCodec.toJson(payload);
    if (!redisDown && spool.depth() == 0) {
      try {
        queue.enqueueJson(id, json);
        return new HandOffReceipt(payload.auditId(), HandOffDestination.QUEUED);
      } catch (QueueUnavailableException e) {
        markDown(e);
      }
    }
    try {
      spool.append(id, json);
      spoolFull = false;
      LOG.info(
          "audit {}: spooled to disk ({} waiting); relayed to Redis in order when it answers",
          id,
          spool.depth());
      return new HandOffReceipt(payload.auditId(), HandOffDestination.SPOOLED);
    } catch (SpoolFullException e) {
      spoolFull = true;
      LOG.error(
          "audit {}: NOT KEPT, the spool is full ({} bytes) and Redis is unreachable; the API"
              + " answers 503 until Redis returns and the spool drains",
          id,
          spool.maxBytes());
      throw new HandOffException(e.getMessage(), e);
    } catch (IOException e) {
      LOG.error("audit {}: NOT KEPT, the spool could not write to disk: {}", id, e.toString());
      throw new HandOffException("spool write failed: " + e.getMessage(), e);
    }
  }

  private void markDown(Exception e) {
    if (!redisDown) {
      redisDown = true;
      redisDownSince = clock.instant();
      LOG.warn(
          "Redis unreachable ({}); audit records go to the local spool and are relayed when it"
              + " returns",
          e.getMessage());
    }
  }

  void relayOnce() {
    try {
      if (spool.depth() > 0) {
        long n = spool.relay(queue::enqueueJson);
        if (n > 0) {
          LOG.info("relayed {} spooled audit records to Redis; {} left", n, spool.depth());
        }
      }
      if (spool.depth() == 0 && redisDown && queue.ping()) {
        LOG.info("Redis reachable again after {}; spool drained", sinceDown());
        redisDown = false;
        redisDownSince = null;
        spoolFull = false;
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("spool relay failed ({}); will try again shortly", e.toString());
    }
  }

  private String sinceDown() {
    Instant since = redisDownSince;
    return since == null ? "?" : Duration.between(since, clock.instant()).toString();
  }

  @Override
  public HandOffHealth health() {
    List<String> notes = new ArrayList<>(redisProblems);
    HandOffHealth.Status status = HandOffHealth.Status.UP;
    if (redisDown) {
      status = HandOffHealth.Status.DEGRADED;
      notes.add("redis unreachable since " + redisDownSince);
    }
    long depth = spool.depth();
    if (depth > 0) {
      status = HandOffHealth.Status.DEGRADED;
      notes.add(
          "spool holds "
              + depth
              + " records, "
              + spool.pendingBytes()
              + " of "
              + spool.maxBytes()
              + " bytes");
    }
    if (spoolFull) {
      status = HandOffHealth.Status.DOWN;
      notes.add("spool full: new audit records are refused (503) until Redis returns");
    }
    return new HandOffHealth(status, depth, notes);
  }

  @Override
  public void close() {
    relay.shutdown();
    try {
      relay.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      spool.close();
    } catch (IOException e) {
      LOG.warn("closing spool failed: {}", e.toString());
    }
    queue.close();
  }
}
