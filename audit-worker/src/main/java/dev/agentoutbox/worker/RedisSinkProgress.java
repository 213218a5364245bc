package dev.agentoutbox.worker;

import dev.agentoutbox.queue.JobStore;
import dev.agentoutbox.sink.SinkProgress;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.Jedis;

/** {@link SinkProgress} in the per-audit state hash, fields prefixed by the sink name. */
final class RedisSinkProgress implements SinkProgress {
  private final Jedis jedis;
  private final JobStore store;
  private final String auditId;
  private final String prefix;
  private final Map<String, String> loaded;

  RedisSinkProgress(
      Jedis jedis, JobStore store, String auditId, String sink, Map<String, String> loaded) {
    this.jedis = jedis;
    this.store = store;
    this.auditId = auditId;
    this.prefix = sink + ".";
    this.loaded = loaded;
  }

  @Override
  public Optional<String> get(String field) {
    return Optional.ofNullable(loaded.get(qualified(field)));
  }

  @Override
  public void put(String field, String value) {
    String f = qualified(field);
    store.putState(jedis, auditId, f, value);
    loaded.put(f, value);
  }

  private String qualified(String field) {
    return field.startsWith(prefix) ? field : prefix + field;
  }
}
