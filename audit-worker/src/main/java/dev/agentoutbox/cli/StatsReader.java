package dev.agentoutbox.cli;

import dev.agentoutbox.queue.DeadLetter;
import dev.agentoutbox.queue.QueueKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.Tuple;

/** Reads {@link PipelineStats} from Redis. */
final class StatsReader {
  /** Waiting jobs examined for the oldest one (the head of the queue holds the oldest). */
  static final int OLDEST_EXAMINED = 1000;

  /** History entries read to find the last operator action (its count may be partial). */
  static final int LAST_ACTION_ENTRIES = 10_000;

  private final QueueKeys keys;
  private final QueueReader reader;

  StatsReader(QueueKeys keys) {
    this.keys = keys;
    this.reader = new QueueReader(keys);
  }

  PipelineStats read(Jedis jedis, String redisDescription) {
    Instant now = RedisSession.now(jedis);
    long nowMs = now.toEpochMilli();
    long waiting = jedis.llen(keys.queueList());
    long inFlight = reader.inflightJobs(jedis).values().stream().mapToLong(List::size).sum();
    return new PipelineStats(
        now,
        redisDescription,
        keys.namespace(),
        keys.queue(),
        waiting,
        oldestWaiting(jedis, nowMs),
        inFlight,
        retries(jedis, nowMs),
        deadLetters(jedis),
        workers(jedis),
        new PipelineStats.Counters(
            counter(jedis, keys.processed()),
            counter(jedis, keys.failed()),
            counter(jedis, keys.retried()),
            jedis.llen(keys.recovered())),
        new PipelineStats.Throughput(
            jedis.zcount(keys.ledger(), nowMs - 60_000, nowMs),
            jedis.zcount(keys.ledger(), nowMs - 900_000, nowMs),
            jedis.zcount(keys.done(), nowMs - 60_000, nowMs),
            jedis.zcount(keys.done(), nowMs - 900_000, nowMs),
            jedis.zcard(keys.ledger())),
        lag(jedis),
        new HistoryReader(keys)
            .batches(jedis, LAST_ACTION_ENTRIES).stream()
                .findFirst()
                .map(HistoryReader.Batch::summary)
                .orElse(null));
  }

  private PipelineStats.OldestWaiting oldestWaiting(Jedis jedis, long nowMs) {
    List<String> ids = reader.waitingIds(jedis, OLDEST_EXAMINED);
    if (ids.isEmpty()) {
      return null;
    }
    Pipeline p = jedis.pipelined();
    List<Response<Double>> scores = new ArrayList<>();
    ids.forEach(id -> scores.add(p.zscore(keys.ledger(), id)));
    p.sync();
    String oldest = null;
    double min = Double.MAX_VALUE;
    for (int i = 0; i < ids.size(); i++) {
      Double s = scores.get(i).get();
      if (s != null && s < min) {
        min = s;
        oldest = ids.get(i);
      }
    }
    if (oldest == null) {
      return null;
    }
    long accepted = (long) min;
    return new PipelineStats.OldestWaiting(
        oldest, Instant.ofEpochMilli(accepted), nowMs - accepted, ids.size());
  }

  private PipelineStats.Retries retries(Jedis jedis, long nowMs) {
    long n = jedis.zcard(keys.retrySchedule());
    Set<Tuple> first = jedis.zrangeWithScores(keys.retrySchedule(), 0, 0);
    if (first.isEmpty()) {
      return new PipelineStats.Retries(n, null, null);
    }
    long due = (long) first.iterator().next().getScore();
    return new PipelineStats.Retries(n, Instant.ofEpochMilli(due), due - nowMs);
  }

  private PipelineStats.DeadLetters deadLetters(Jedis jedis) {
    Map<String, Long> byReason = new TreeMap<>();
    Map<String, Long> bySink = new TreeMap<>();
    long total = 0;
    for (String json : jedis.hvals(keys.deadLetters())) {
      total++;
      String reason = "unreadable";
      String sink = null;
      try {
        DeadLetter d = DeadLetter.fromJson(json);
        reason = d.reason() == null ? "unknown" : d.reason();
        sink = d.sink();
      } catch (IllegalArgumentException e) {
        // counted as unreadable
      }
      byReason.merge(reason, 1L, Long::sum);
      if (sink != null) {
        bySink.merge(sink, 1L, Long::sum);
      }
    }
    return new PipelineStats.DeadLetters(total, byReason, bySink);
  }

  private PipelineStats.Workers workers(Jedis jedis) {
    int live = 0;
    int dead = 0;
    int orphaned = 0;
    for (QueueReader.WorkerInfo w : reader.workers(jedis)) {
      if (!w.registered()) {
        orphaned++;
      } else if (w.live()) {
        live++;
      } else {
        dead++;
      }
    }
    return new PipelineStats.Workers(live, dead, orphaned, reader.heartbeats(jedis).size());
  }

  private PipelineStats.Lag lag(Jedis jedis) {
    List<Long> samples = new ArrayList<>();
    for (String s : jedis.lrange(keys.lag(), 0, -1)) {
      try {
        samples.add(Long.parseLong(s));
      } catch (NumberFormatException e) {
        // skip a foreign value
      }
    }
    if (samples.isEmpty()) {
      return new PipelineStats.Lag(0, null, null, null);
    }
    Collections.sort(samples);
    return new PipelineStats.Lag(
        samples.size(),
        percentile(samples, 50),
        percentile(samples, 95),
        samples.get(samples.size() - 1));
  }

  /** Nearest-rank percentile of sorted samples. */
  static long percentile(List<Long> sorted, int pct) {
    int rank = (int) Math.ceil(pct / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  private static long counter(Jedis jedis, String key) {
    String v = jedis.get(key);
    try {
      return v == null ? 0 : Long.parseLong(v);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
