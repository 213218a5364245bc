package dev.agentoutbox.queue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/** A Lua script shipped as a resource, run by EVALSHA and loaded again after a Redis restart. */
public final class LuaScript {
  private final String name;
  private final String source;
  private volatile String sha;

  private LuaScript(String name, String source) {
    this.name = name;
    this.source = source;
  }

  /** Loads {@code dev/agentoutbox/queue/<name>.lua} from the classpath. */
  public static LuaScript load(String name) {
    String path = name + ".lua";
    try (InputStream in = LuaScript.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing Lua script resource " + path);
      }
      return new LuaScript(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String name() {
    return name;
  }

  /** Runs the script; the reply is Jedis' raw reply (Long, String, List). */
  public Object eval(Jedis jedis, List<String> keys, List<String> args) {
    String s = sha;
    if (s == null) {
      s = jedis.scriptLoad(source);
      sha = s;
    }
    try {
      return jedis.evalsha(s, keys, args);
    } catch (JedisNoScriptException e) {
      sha = jedis.scriptLoad(source);
      return jedis.evalsha(sha, keys, args);
    }
  }

  /** Runs the script and returns its integer reply. */
  public long evalLong(Jedis jedis, List<String> keys, List<String> args) {
    Object r = eval(jedis, keys, args);
    return r == null ? 0L : (Long) r;
  }
}
