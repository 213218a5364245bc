package dev.agentoutbox.cli;

import dev.agentoutbox.queue.DeadLetter;
import dev.agentoutbox.queue.JobEnvelope;
import dev.agentoutbox.queue.QueueKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

/** Finds where audit ids are in the queue's Redis: queued, in flight, retry, dead letter, done. */
final class JobLocator {
  private static final int PAGE = 1000;

  /** Where a job is; the first state that holds it, in the order of this enum. */
  enum State {
    IN_FLIGHT("in flight", true),
    QUEUED("queued", true),
    RETRY_SCHEDULED("retry scheduled", true),
    DEAD_LETTER("dead letter", true),
    DONE("done", false),
    NOT_IN_REDIS("not in Redis", false);

    private final String label;
    private final boolean pending;

    State(String label, boolean pending) {
      this.label = label;
      this.pending = pending;
    }

    String label() {
      return label;
    }

    /** The job has not finished: a worker, the retry schedule or an operator still owes it. */
    boolean pending() {
      return pending;
    }
  }

  /**
   * Where one id is.
   *
   * @param detail the worker, due time, dead-letter reason or completion time
   * @param at the due time (retry), last failure (dead letter) or completion (done), when known
   */
  record Location(State state, String detail, Instant at) {}

  private final QueueKeys keys;
  private final QueueReader reader;

  JobLocator(QueueKeys keys) {
    this.keys = keys;
    this.reader = new QueueReader(keys);
  }

  Map<String, Location> locate(Jedis jedis, Collection<String> ids) {
    Set<String> wanted = new LinkedHashSet<>(ids);
    Map<String, Location> found = new LinkedHashMap<>();
    if (wanted.isEmpty()) {
      return found;
    }
    reader
        .inflightJobs(jedis)
        .forEach(
            (worker, jobs) ->
                jobs.forEach(
                    job ->
                        JobEnvelope.auditIdOf(job)
                            .filter(wanted::contains)
                            .ifPresent(
                                id ->
                                    found.putIfAbsent(
                                        id,
                                        new Location(State.IN_FLIGHT, "worker " + worker, null)))));
    long len = jedis.llen(keys.queueList());
    for (long offset = 0; offset < len && found.size() < wanted.size(); offset += PAGE) {
      List<String> jobs = jedis.lrange(keys.queueList(), offset, offset + PAGE - 1);
      for (int i = 0; i < jobs.size(); i++) {
        long position = offset + i;
        JobEnvelope.auditIdOf(jobs.get(i))
            .filter(wanted::contains)
            .ifPresent(
                id ->
                    found.putIfAbsent(
                        id,
                        new Location(
                            State.QUEUED, "position " + (position + 1) + " of " + len, null)));
      }
    }
    List<String> rest = remaining(wanted, found);
    for (List<String> part : partition(rest)) {
      Pipeline p = jedis.pipelined();
      List<Response<Double>> due = new ArrayList<>();
      List<Response<String>> dead = new ArrayList<>();
      List<Response<Double>> done = new ArrayList<>();
      for (String id : part) {
        due.add(p.zscore(keys.retrySchedule(), id));
        dead.add(p.hget(keys.deadLetters(), id));
        done.add(p.zscore(keys.done(), id));
      }
      p.sync();
      for (int i = 0; i < part.size(); i++) {
        String id = part.get(i);
        if (due.get(i).get() != null) {
          Instant at = Instant.ofEpochMilli(due.get(i).get().longValue());
          found.put(id, new Location(State.RETRY_SCHEDULED, "due " + Durations.instant(at), at));
        } else if (dead.get(i).get() != null) {
          found.put(id, deadLocation(dead.get(i).get()));
        } else if (done.get(i).get() != null) {
          Instant at = Instant.ofEpochMilli(done.get(i).get().longValue());
          found.put(id, new Location(State.DONE, "completed " + Durations.instant(at), at));
        } else {
          found.put(id, new Location(State.NOT_IN_REDIS, "not queued, running or failed", null));
        }
      }
    }
    Map<String, Location> ordered = new LinkedHashMap<>();
    wanted.forEach(id -> ordered.put(id, found.get(id)));
    return ordered;
  }

  private static Location deadLocation(String json) {
    try {
      DeadLetter d = DeadLetter.fromJson(json);
      String detail = d.reason() + (d.sink() == null ? "" : ", sink " + d.sink());
      return new Location(State.DEAD_LETTER, detail, d.lastFailureAt());
    } catch (IllegalArgumentException e) {
      return new Location(State.DEAD_LETTER, "unreadable entry", null);
    }
  }

  private static List<String> remaining(Set<String> wanted, Map<String, Location> found) {
    List<String> rest = new ArrayList<>();
    for (String id : wanted) {
      if (!found.containsKey(id)) {
        rest.add(id);
      }
    }
    return rest;
  }

  private static List<List<String>> partition(List<String> ids) {
    List<List<String>> parts = new ArrayList<>();
    for (int i = 0; i < ids.size(); i += PAGE) {
      parts.add(ids.subList(i, Math.min(ids.size(), i + PAGE)));
    }
    return parts;
  }
}
