package dev.agentoutbox.agent;

import dev.agentoutbox.agent.llm.PriceTable;
import dev.agentoutbox.payload.LlmPhase;
import dev.agentoutbox.payload.Phase;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Reference agent settings.
 *
 * @param models the model each LLM phase asks
 * @param simulatedLatency extra time each phase waits, to make benchmarks look like a real agent
 *     (zero by default)
 */
public record AgentConfig(Map<LlmPhase, String> models, Map<Phase, Duration> simulatedLatency) {
  public static final String DEFAULT_CLASSIFICATION_MODEL = PriceTable.GPT_4O_MINI;
  public static final String DEFAULT_SYNTHESIS_MODEL = PriceTable.GPT_4O;
  public static final String DEFAULT_VALIDATION_MODEL = PriceTable.GPT_4O_MINI;
  public static final long MAX_SIMULATED_LATENCY_MS = 600_000;

  /** Every phase waits this long, unless its own variable says otherwise. */
  public static final String ENV_LATENCY_MS = "AGENT_SIMULATED_LATENCY_MS";

  /**
   * Prefix of the per-phase latency variables, e.g. {@code AGENT_SIMULATED_LATENCY_MS_SYNTHESIS}.
   */
  public static final String ENV_LATENCY_MS_PHASE_PREFIX = "AGENT_SIMULATED_LATENCY_MS_";

  /** Prefix of the per-phase model variables, e.g. {@code AGENT_MODEL_SYNTHESIS}. */
  public static final String ENV_MODEL_PREFIX = "AGENT_MODEL_";

  public AgentConfig {
    Map<LlmPhase, String> m = new EnumMap<>(LlmPhase.class);
    m.putAll(models);
    for (LlmPhase p : LlmPhase.values()) {
      String model = m.get(p);
      if (model == null || model.isBlank()) {
        throw new IllegalArgumentException(ENV_MODEL_PREFIX + envName(p) + ": model is required");
      }
    }
    models = Collections.unmodifiableMap(m);
    Map<Phase, Duration> l = new EnumMap<>(Phase.class);
    for (Phase p : Phase.values()) {
      Duration d = simulatedLatency.getOrDefault(p, Duration.ZERO);
      if (d.isNegative() || d.toMillis() > MAX_SIMULATED_LATENCY_MS) {
        throw new IllegalArgumentException(
            ENV_LATENCY_MS_PHASE_PREFIX
                + envName(p)
                + ": must be in 0.."
                + MAX_SIMULATED_LATENCY_MS
                + " ms, was "
                + d.toMillis());
      }
      l.put(p, d);
    }
    simulatedLatency = Collections.unmodifiableMap(l);
  }

  public static AgentConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public String model(LlmPhase phase) {
    return models.get(phase);
  }

  public Duration latency(Phase phase) {
    return simulatedLatency.get(phase);
  }

  /**
   * Reads {@value #ENV_LATENCY_MS}, {@code AGENT_SIMULATED_LATENCY_MS_<PHASE>} and {@code
   * AGENT_MODEL_<LLM PHASE>}.
   *
   * @throws IllegalArgumentException naming the bad variable
   */
  public static AgentConfig fromEnv(Map<String, String> env) {
    Builder b = builder();
    String all = env.get(ENV_LATENCY_MS);
    if (all != null && !all.isBlank()) {
      b.latencyForAllPhases(Duration.ofMillis(millis(ENV_LATENCY_MS, all)));
    }
    for (Phase p : Phase.values()) {
      String name = ENV_LATENCY_MS_PHASE_PREFIX + envName(p);
      String v = env.get(name);
      if (v != null && !v.isBlank()) {
        b.latency(p, Duration.ofMillis(millis(name, v)));
      }
    }
    for (LlmPhase p : LlmPhase.values()) {
      String v = env.get(ENV_MODEL_PREFIX + envName(p));
      if (v != null && !v.isBlank()) {
        b.model(p, v.strip());
      }
    }
    return b.build();
  }

  private static long millis(String name, String value) {
    try {
      long ms = Long.parseLong(value.strip());
      if (ms < 0 || ms > MAX_SIMULATED_LATENCY_MS) {
        throw new NumberFormatException();
      }
      return ms;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          name
              + ": must be an integer in 0.."
              + MAX_SIMULATED_LATENCY_MS
              + ", was '"
              + value
              + "'");
    }
  }

  private static String envName(Enum<?> phase) {
    return phase.name().toUpperCase(Locale.ROOT);
  }

  /** Builder starting from the defaults: the default models and no simulated latency. */
  public static final class Builder {
    private final Map<LlmPhase, String> models = new EnumMap<>(LlmPhase.class);
    private final Map<Phase, Duration> latency = new EnumMap<>(Phase.class);

    private Builder() {
      models.put(LlmPhase.CLASSIFICATION, DEFAULT_CLASSIFICATION_MODEL);
      models.put(LlmPhase.SYNTHESIS, DEFAULT_SYNTHESIS_MODEL);
      models.put(LlmPhase.VALIDATION, DEFAULT_VALIDATION_MODEL);
    }

    public Builder model(LlmPhase phase, String model) {
      models.put(phase, Objects.requireNonNull(model, "model"));
      return this;
    }

    public Builder latency(Phase phase, Duration d) {
      latency.put(phase, Objects.requireNonNull(d, "latency"));
      return this;
    }

    public Builder latencyForAllPhases(Duration d) {
      for (Phase p : Phase.values()) {
        latency(p, d);
      }
      return this;
    }

    public AgentConfig build() {
      return new AgentConfig(models, latency);
    }
  }
}
