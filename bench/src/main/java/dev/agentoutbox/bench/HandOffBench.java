package dev.agentoutbox.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentoutbox.api.handoff.OutboxHandOff;
import dev.agentoutbox.payload.AuditPayload;
import dev.agentoutbox.queue.RedisAuditQueue;
import dev.agentoutbox.queue.RedisSettings;
import dev.agentoutbox.spool.FileSpool;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.Jedis;

/**
 * The hand-off cost alone, one caller, back to back: a plain Redis LPUSH (the floor), {@code
 * RedisAuditQueue.enqueue} (serialize + one Lua script) and {@code OutboxHandOff.submit} (what the
 * API calls before answering). Each call is timed with {@code System.nanoTime()} after a warm-up.
 */
public final class HandOffBench {
  private static final int PACED_CALLS = 300;
  private static final java.time.Duration PACE = java.time.Duration.ofMillis(50);

  private final BenchServers servers;
  private final BenchSettings settings;
  private final Path workDir;

  public HandOffBench(BenchServers servers, BenchSettings settings, Path workDir) {
    this.servers = servers;
    this.settings = settings;
    this.workDir = workDir;
  }

  public ObjectNode run() throws Exception {
    servers.flushRedis();
    Payloads payloads = new Payloads();
    int warm = settings.handOffWarmup();
    int n = settings.handOffSamples();
    ObjectNode out = Json.object();
    out.put("payload_json_bytes", payloads.jsonBytes());
    out.put("warmup_calls", warm);
    out.put("measured_calls", n);

    try (Jedis j = servers.jedis()) {
      long[] t = new long[n];
      String value = "x".repeat(100);
      for (int i = 0; i < warm + n; i++) {
        long t0 = System.nanoTime();
        j.lpush("bench:lpush", value);
        long d = System.nanoTime() - t0;
        if (i >= warm) {
          t[i - warm] = d;
        }
      }
      j.del("bench:lpush");
      out.set("redis_lpush_round_trip", Percentiles.ofNanos(t, n).toMicrosJson());
    }

    RedisSettings redis = RedisSettings.builder().url(servers.redis.url()).build();
    try (RedisAuditQueue queue = new RedisAuditQueue(redis)) {
      queue.warmUp(8);
      List<AuditPayload> list = make(payloads, warm + n);
      long[] t = new long[n];
      for (int i = 0; i < list.size(); i++) {
        AuditPayload p = list.get(i);
        long t0 = System.nanoTime();
        queue.enqueue(p);
        long d = System.nanoTime() - t0;
        if (i >= warm) {
          t[i - warm] = d;
        }
      }
      out.set("redis_audit_queue_enqueue", Percentiles.ofNanos(t, n).toMicrosJson());
    }
    servers.flushRedis();

    RedisAuditQueue queue = new RedisAuditQueue(redis);
    queue.warmUp(8);
    try (OutboxHandOff handOff =
        new OutboxHandOff(
            queue,
            new FileSpool(workDir.resolve("handoff-spool"), FileSpool.DEFAULT_MAX_BYTES),
            Clock.systemUTC(),
            OutboxHandOff.DEFAULT_RELAY_PERIOD,
            List.of())) {
      List<AuditPayload> list = make(payloads, warm + n);
      long[] t = new long[n];
      int spooled = 0;
      for (int i = 0; i < list.size(); i++) {
        AuditPayload p = list.get(i);
        long t0 = System.nanoTime();
        var receipt = handOff.submit(p);
        long d = System.nanoTime() - t0;
        if (i >= warm) {
          t[i - warm] = d;
        }
        if (receipt.destination() != dev.agentoutbox.api.handoff.HandOffDestination.QUEUED) {
          spooled++;
        }
      }
      ObjectNode s = Percentiles.ofNanos(t, n).toMicrosJson();
      s.put("spooled_instead_of_queued", spooled);
      out.set("outbox_handoff_submit", s);

      // The same call paced like requests (one every PACE), nothing else running: what a
      // request pays when Redis and the caller have been idle in between.
      List<AuditPayload> paced = make(payloads, PACED_CALLS);
      long[] tp = new long[PACED_CALLS];
      long next = System.nanoTime();
      for (int i = 0; i < PACED_CALLS; i++) {
        Sleep.untilNanos(next);
        long t0 = System.nanoTime();
        handOff.submit(paced.get(i));
        tp[i] = System.nanoTime() - t0;
        next += PACE.toNanos();
      }
      ObjectNode ps = Percentiles.ofNanos(tp, PACED_CALLS).toMicrosJson();
      ps.put("pace_ms", PACE.toMillis());
      out.set("outbox_handoff_submit_paced", ps);
    }
    servers.flushRedis();
    return out;
  }

  private static List<AuditPayload> make(Payloads payloads, int count) {
    List<AuditPayload> list = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      list.add(payloads.payload(i));
    }
    return list;
  }
}
