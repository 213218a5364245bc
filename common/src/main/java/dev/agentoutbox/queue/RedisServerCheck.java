package dev.agentoutbox.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Checks the Redis settings the durability promise depends on: AOF on, and {@code maxmemory-policy
 * noeviction} (any eviction policy may silently delete queued jobs).
 */
public final class RedisServerCheck {
  private RedisServerCheck() {}

  /** Problems found; empty when the server is configured for durability. */
  public static List<String> problems(Jedis jedis) {
    List<String> problems = new ArrayList<>();
    try {
      Map<String, String> aof = configGet(jedis, "appendonly");
      if (!"yes".equalsIgnoreCase(aof.getOrDefault("appendonly", ""))) {
        problems.add(
            "AOF is off (appendonly="
                + aof.getOrDefault("appendonly", "?")
                + "): queued audit records are lost if Redis restarts; set appendonly yes");
      }
      Map<String, String> policy = configGet(jedis, "maxmemory-policy");
      String p = policy.getOrDefault("maxmemory-policy", "?");
      if (!"noeviction".equalsIgnoreCase(p)) {
        problems.add(
            "maxmemory-policy is "
                + p
                + ": Redis may evict queued audit records under memory pressure; set noeviction");
      }
    } catch (JedisDataException e) {
      problems.add("cannot read Redis settings (CONFIG GET refused: " + e.getMessage() + ")");
    }
    return problems;
  }

  private static Map<String, String> configGet(Jedis jedis, String name) {
    List<String> kv = jedis.configGet(name);
    Map<String, String> m = new java.util.HashMap<>();
    for (int i = 0; i + 1 < kv.size(); i += 2) {
      m.put(kv.get(i), kv.get(i + 1));
    }
    return m;
  }
}
