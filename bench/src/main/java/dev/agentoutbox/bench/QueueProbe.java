package dev.agentoutbox.bench;

import dev.agentoutbox.queue.QueueKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.ScanParams;
import redis.clients.jedis.ScanResult;

/** Reads the outbox's Redis keys: backlog, in-flight jobs, completions. */
public final class QueueProbe {
  private final BenchServers servers;
  private final QueueKeys keys;

  public QueueProbe(BenchServers servers) {
    this(servers, QueueKeys.defaults());
  }

  public QueueProbe(BenchServers servers, QueueKeys keys) {
    this.servers = servers;
    this.keys = keys;
  }

  public QueueKeys keys() {
    return keys;
  }

  /** Ready + in flight + scheduled retries. */
  public long pending(Jedis j) {
    long n = j.llen(keys.queueList()) + j.zcard(keys.retrySchedule());
    for (String k : inflightKeys(j)) {
      n += j.llen(k);
    }
    return n;
  }

  public List<String> inflightKeys(Jedis j) {
    List<String> out = new ArrayList<>();
    ScanParams p = new ScanParams().match(keys.inflightPattern()).count(1000);
    String cursor = ScanParams.SCAN_POINTER_START;
    do {
      ScanResult<String> page = j.scan(cursor, p);
      out.addAll(page.getResult());
      cursor = page.getCursor();
    } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
    return out;
  }

  /** Completed jobs (the ack script's ZADD to the done set). */
  public long done(Jedis j) {
    return j.zcard(keys.done());
  }

  /** Waits until nothing is pending; false on timeout. */
  public boolean awaitDrained(Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    try (Jedis j = servers.jedis()) {
      while (System.nanoTime() < deadline) {
        if (pending(j) == 0) {
          return true;
        }
        Sleep.millis(100);
      }
    }
    return false;
  }

  /** Waits until {@code done} reaches {@code target}; returns the nanoTime it did, or -1. */
  public long awaitDone(long target, Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    try (Jedis j = servers.jedis()) {
      while (System.nanoTime() < deadline) {
        if (done(j) >= target) {
          return System.nanoTime();
        }
        Sleep.millis(20);
      }
    }
    return -1;
  }

  /** Completion time (Redis clock, epoch ms) of each id that is done. */
  public Map<String, Long> doneAt(List<String> ids) {
    Map<String, Long> out = new HashMap<>();
    try (Jedis j = servers.jedis()) {
      Pipeline p = j.pipelined();
      Map<String, Response<Double>> r = new HashMap<>();
      for (String id : ids) {
        r.put(id, p.zscore(keys.done(), id));
      }
      p.sync();
      r.forEach(
          (id, resp) -> {
            Double v = resp.get();
            if (v != null) {
              out.put(id, v.longValue());
            }
          });
    }
    return out;
  }
}
