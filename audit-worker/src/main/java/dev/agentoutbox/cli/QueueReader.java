package dev.agentoutbox.cli;

import dev.agentoutbox.queue.JobEnvelope;
import dev.agentoutbox.queue.ProcessIdentity;
import dev.agentoutbox.queue.QueueKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.greghaines.jesque.WorkerStatus;
import net.greghaines.jesque.json.ObjectMapperFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.ScanParams;
import redis.clients.jedis.ScanResult;

/**
 * Read-only views of the queue's Redis keys shared by {@code stats}, {@code workers}, {@code reap}.
 */
final class QueueReader {
  private static final int SCAN_COUNT = 1000;

  private final QueueKeys keys;

  QueueReader(QueueKeys keys) {
    this.keys = keys;
  }

  QueueKeys keys() {
    return keys;
  }

  /** Every key matching {@code pattern}, by SCAN. */
  static List<String> scan(Jedis jedis, String pattern) {
    Set<String> found = new LinkedHashSet<>();
    ScanParams params = new ScanParams().match(pattern).count(SCAN_COUNT);
    String cursor = ScanParams.SCAN_POINTER_START;
    do {
      ScanResult<String> page = jedis.scan(cursor, params);
      found.addAll(page.getResult());
      cursor = page.getCursor();
    } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
    return new ArrayList<>(found);
  }

  /** Worker name → jobs in its in-flight list, for every non-empty in-flight list. */
  Map<String, List<String>> inflightJobs(Jedis jedis) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String key : scan(jedis, keys.inflightPattern())) {
      String worker = keys.workerOfInflightKey(key);
      if (worker == null) {
        continue;
      }
      List<String> jobs = jedis.lrange(key, 0, -1);
      if (!jobs.isEmpty()) {
        out.put(worker, jobs);
      }
    }
    return out;
  }

  /** Process id → its heartbeat, for every live heartbeat key. */
  Map<String, HeartbeatInfo> heartbeats(Jedis jedis) {
    Map<String, HeartbeatInfo> out = new LinkedHashMap<>();
    List<String> hbKeys = scan(jedis, keys.heartbeatPattern());
    if (hbKeys.isEmpty()) {
      return out;
    }
    String prefix = keys.heartbeat("");
    List<String> values = jedis.mget(hbKeys.toArray(String[]::new));
    for (int i = 0; i < hbKeys.size(); i++) {
      if (values.get(i) == null) {
        continue;
      }
      String process = hbKeys.get(i).substring(prefix.length());
      out.put(process, HeartbeatInfo.parse(process, values.get(i)));
    }
    return out;
  }

  /**
   * One worker thread as Redis sees it.
   *
   * @param registered in the Jesque workers set
   * @param live its process heartbeat exists
   * @param inflight jobs in its in-flight list
   * @param auditId the audit id of its in-flight job, when any
   * @param jobStartedAt when its current job started (Jesque status), when known
   */
  record WorkerInfo(
      String name,
      String process,
      boolean registered,
      boolean live,
      HeartbeatInfo heartbeat,
      int inflight,
      String auditId,
      Instant jobStartedAt) {}

  /** Registered workers, plus unregistered ones that still hold in-flight jobs; sorted by name. */
  List<WorkerInfo> workers(Jedis jedis) {
    Set<String> registered = jedis.smembers(keys.workers());
    Map<String, List<String>> inflight = inflightJobs(jedis);
    Map<String, HeartbeatInfo> heartbeats = heartbeats(jedis);
    Set<String> names = new TreeSet<>(registered);
    names.addAll(inflight.keySet());
    List<WorkerInfo> out = new ArrayList<>();
    for (String name : names) {
      String process = ProcessIdentity.processOf(name);
      List<String> jobs = inflight.getOrDefault(name, List.of());
      String auditId =
          jobs.isEmpty() ? null : JobEnvelope.auditIdOf(jobs.get(0)).orElse("unreadable job");
      out.add(
          new WorkerInfo(
              name,
              process,
              registered.contains(name),
              heartbeats.containsKey(process),
              heartbeats.get(process),
              jobs.size(),
              auditId,
              jobs.isEmpty() ? null : jobStartedAt(jedis, name)));
    }
    return out;
  }

  /** When the worker's current job started, from Jesque's status key; null when unknown. */
  private Instant jobStartedAt(Jedis jedis, String worker) {
    String status = jedis.get(keys.worker(worker));
    if (status == null) {
      return null;
    }
    try {
      Date runAt = ObjectMapperFactory.get().readValue(status, WorkerStatus.class).getRunAt();
      return runAt == null ? null : runAt.toInstant();
    } catch (Exception e) {
      return null;
    }
  }

  /** Audit ids of the first {@code max} waiting jobs, head (next to run) first. */
  List<String> waitingIds(Jedis jedis, int max) {
    List<String> ids = new ArrayList<>();
    for (String job : jedis.lrange(keys.queueList(), 0, max - 1L)) {
      JobEnvelope.auditIdOf(job).ifPresent(ids::add);
    }
    return ids;
  }
}
