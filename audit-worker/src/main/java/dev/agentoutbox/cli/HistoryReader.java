package dev.agentoutbox.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentoutbox.queue.QueueKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Jedis;

/**
 * The operator audit trail: one JSON entry per id requeued or purged ({@code at, action, id,
 * operator, batch}), newest first, grouped here into batches (one command run each).
 */
final class HistoryReader {
  /** Entries read at most (newest first), so a long trail cannot make a command slow. */
  static final int MAX_ENTRIES = 100_000;

  private static final int PAGE = 1000;

  /** One operator action on one id. */
  record Entry(Instant at, String action, String id, String operator, String batch) {}

  /**
   * One command run: what, who, when, how many.
   *
   * @param firstAt its oldest entry
   * @param lastAt its newest entry
   */
  record Batch(
      String batch,
      String action,
      String operator,
      Instant firstAt,
      Instant lastAt,
      int count,
      List<String> ids) {

    Summary summary() {
      return new Summary(batch, action, operator, firstAt, lastAt, count);
    }
  }

  /** A batch without its ids. */
  record Summary(
      String batch, String action, String operator, Instant firstAt, Instant lastAt, int count) {}

  private final QueueKeys keys;

  HistoryReader(QueueKeys keys) {
    this.keys = keys;
  }

  /** Entries newest first, up to {@code max}. */
  List<Entry> entries(Jedis jedis, int max) {
    List<Entry> out = new ArrayList<>();
    for (long offset = 0; offset < max; offset += PAGE) {
      List<String> page = jedis.lrange(keys.history(), offset, Math.min(max, offset + PAGE) - 1);
      for (String json : page) {
        JsonNode n = Json.tryParse(json);
        if (n == null) {
          continue;
        }
        Instant at;
        try {
          at = Instant.parse(n.path("at").asText());
        } catch (RuntimeException e) {
          at = null;
        }
        out.add(
            new Entry(
                at,
                n.path("action").asText("?"),
                n.path("id").asText("?"),
                n.path("operator").asText("?"),
                n.hasNonNull("batch") ? n.get("batch").asText() : "-"));
      }
      if (page.size() < PAGE) {
        break;
      }
    }
    return out;
  }

  /** Batches newest first, from the newest {@link #MAX_ENTRIES} entries. */
  List<Batch> batches(Jedis jedis) {
    return batches(jedis, MAX_ENTRIES);
  }

  /** Batches newest first, from the newest {@code maxEntries} entries. */
  List<Batch> batches(Jedis jedis, int maxEntries) {
    Map<String, List<Entry>> byBatch = new LinkedHashMap<>();
    for (Entry e : entries(jedis, maxEntries)) {
      byBatch.computeIfAbsent(e.batch() + "\u0000" + e.action(), k -> new ArrayList<>()).add(e);
    }
    List<Batch> out = new ArrayList<>();
    byBatch.forEach(
        (k, entries) -> {
          Entry newest = entries.get(0);
          Entry oldest = entries.get(entries.size() - 1);
          List<String> ids = new ArrayList<>();
          for (int i = entries.size() - 1; i >= 0; i--) {
            ids.add(entries.get(i).id());
          }
          out.add(
              new Batch(
                  newest.batch(),
                  newest.action(),
                  newest.operator(),
                  oldest.at(),
                  newest.at(),
                  entries.size(),
                  ids));
        });
    return out;
  }
}
