package dev.agentoutbox.queue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.Transaction;

/**
 * Reads and changes the dead letters, by id, as plain JSON. Requeue and purge are atomic per id:
 * two operators acting on the same id at once change it once.
 */
public final class DeadLetterStore {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Operator actions kept in the audit trail (newest first); older ones are trimmed. */
  public static final long HISTORY_KEPT = 100_000;

  private final JedisPool pool;
  private final QueueKeys keys;
  private final LuaScript requeue = LuaScript.load("requeue");

  /** Outcome of a requeue of one id. */
  public enum RequeueResult {
    REQUEUED,
    NOT_FOUND,
    /** The job has no readable payload (malformed): requeueing would only fail again. */
    NOT_REQUEUABLE
  }

  /** Selection of dead letters; null fields do not filter. */
  public record Filter(String reason, String sink, Instant since, Instant until, Integer limit) {
    public static Filter all() {
      return new Filter(null, null, null, null, null);
    }

    boolean matches(DeadLetter d) {
      return (reason == null || reason.equals(d.reason()))
          && (sink == null || sink.equals(d.sink()));
    }
  }

  public DeadLetterStore(JedisPool pool, QueueKeys keys) {
    this.pool = pool;
    this.keys = keys;
  }

  public long count() {
    try (Jedis jedis = pool.getResource()) {
      return jedis.hlen(keys.deadLetters());
    }
  }

  public Optional<DeadLetter> get(String id) {
    try (Jedis jedis = pool.getResource()) {
      String json = jedis.hget(keys.deadLetters(), id);
      return Optional.ofNullable(json).map(DeadLetter::fromJson);
    }
  }

  /** Dead letters oldest first, filtered. */
  public List<DeadLetter> list(Filter filter) {
    double min = filter.since() == null ? Double.NEGATIVE_INFINITY : filter.since().toEpochMilli();
    double max = filter.until() == null ? Double.POSITIVE_INFINITY : filter.until().toEpochMilli();
    int limit = filter.limit() == null ? Integer.MAX_VALUE : filter.limit();
    List<DeadLetter> out = new ArrayList<>();
    try (Jedis jedis = pool.getResource()) {
      int offset = 0;
      final int page = 500;
      while (out.size() < limit) {
        List<String> ids =
            new ArrayList<>(jedis.zrangeByScore(keys.deadIndex(), min, max, offset, page));
        if (ids.isEmpty()) {
          break;
        }
        List<String> jsons = jedis.hmget(keys.deadLetters(), ids.toArray(String[]::new));
        for (String json : jsons) {
          if (json == null) {
            continue;
          }
          DeadLetter d = DeadLetter.fromJson(json);
          if (filter.matches(d) && out.size() < limit) {
            out.add(d);
          }
        }
        offset += ids.size();
      }
    }
    return out;
  }

  /** Ids matching a predicate over full entries (used by selectors). */
  public List<String> ids(Filter filter, Predicate<DeadLetter> extra) {
    return list(filter).stream().filter(extra).map(DeadLetter::id).toList();
  }

  /**
   * Puts one dead letter back in the ready queue with its attempts reset and its sink progress
   * kept, and records who did it.
   */
  public RequeueResult requeue(String id, String operator, String batchId) {
    try (Jedis jedis = pool.getResource()) {
      for (int tries = 0; tries < 5; tries++) {
        String json = jedis.hget(keys.deadLetters(), id);
        if (json == null) {
          return RequeueResult.NOT_FOUND;
        }
        DeadLetter d = DeadLetter.fromJson(json);
        if (d.auditId() == null
            || DeadReason.MALFORMED_JSON.code().equals(d.reason())
            || DeadReason.UNKNOWN_CLASS.code().equals(d.reason())) {
          return RequeueResult.NOT_REQUEUABLE;
        }
        Map<String, String> progress = new LinkedHashMap<>(d.progress());
        progress.remove("attempts");
        String history = historyEntry("requeue", id, operator, batchId);
        long r =
            requeue.evalLong(
                jedis,
                List.of(
                    keys.deadLetters(),
                    keys.deadIndex(),
                    keys.queueList(),
                    keys.queues(),
                    keys.state(d.auditId()),
                    keys.history()),
                List.of(
                    id, keys.queue(), d.job(), history, MAPPER.writeValueAsString(progress), json));
        if (r == 1) {
          return RequeueResult.REQUEUED;
        }
        if (r == 0) {
          return RequeueResult.NOT_FOUND;
        }
      }
      return RequeueResult.NOT_FOUND;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Deletes one dead letter; returns false when it was not there. */
  public boolean purge(String id, String operator, String batchId) {
    try (Jedis jedis = pool.getResource()) {
      Transaction tx = jedis.multi();
      tx.hdel(keys.deadLetters(), id);
      tx.zrem(keys.deadIndex(), id);
      tx.lpush(keys.history(), historyEntry("purge", id, operator, batchId));
      tx.ltrim(keys.history(), 0, HISTORY_KEPT - 1);
      List<Object> r = tx.exec();
      return r != null && !r.isEmpty() && ((Long) r.get(0)) > 0;
    }
  }

  /** Operator actions, newest first. */
  public List<String> history(int limit) {
    try (Jedis jedis = pool.getResource()) {
      return jedis.lrange(keys.history(), 0, limit - 1L);
    }
  }

  private static String historyEntry(String action, String id, String operator, String batchId) {
    try {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("at", Instant.now().toString());
      m.put("action", action);
      m.put("id", id);
      m.put("operator", operator);
      m.put("batch", batchId);
      return MAPPER.writeValueAsString(m);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
