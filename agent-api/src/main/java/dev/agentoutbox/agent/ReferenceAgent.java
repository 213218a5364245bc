package dev.agentoutbox.agent;

import dev.agentoutbox.agent.anonymize.KnownPii;
import dev.agentoutbox.agent.anonymize.MemberPii;
import dev.agentoutbox.agent.anonymize.PiiAnonymizer;
import dev.agentoutbox.agent.anonymize.PiiType;
import dev.agentoutbox.agent.anonymize.TokenMap;
import dev.agentoutbox.agent.classify.Intent;
import dev.agentoutbox.agent.execute.Execution;
import dev.agentoutbox.agent.execute.TaskExecutor;
import dev.agentoutbox.agent.llm.LlmClient;
import dev.agentoutbox.agent.llm.LlmCompletion;
import dev.agentoutbox.agent.llm.LlmException;
import dev.agentoutbox.agent.llm.LlmRequest;
import dev.agentoutbox.agent.llm.OfflineLlmClient;
import dev.agentoutbox.agent.llm.PriceTable;
import dev.agentoutbox.agent.member.JsonMemberDirectory;
import dev.agentoutbox.agent.member.Member;
import dev.agentoutbox.agent.member.MemberDirectory;
import dev.agentoutbox.agent.validate.AnswerRules;
import dev.agentoutbox.payload.AuditError;
import dev.agentoutbox.payload.AuditPayload;
import dev.agentoutbox.payload.LlmPhase;
import dev.agentoutbox.payload.LlmUsage;
import dev.agentoutbox.payload.PayloadValidator;
import dev.agentoutbox.payload.Phase;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The deterministic, offline reference agent: a pension-fund assistant answering EPS pension and
 * EPF balance questions in seven phases (retrieval, anonymization, classification, execution,
 * synthesis, validation, restoration) and producing the Phase 8 record. Only anonymized text
 * reaches the model and the record; names and numbers come back in phase 7.
 */
public final class ReferenceAgent implements Agent {
  static final String VALIDATION_FALLBACK =
      "I could not verify an answer to your question, so I am not giving one."
          + " Please ask again or contact your fund office.";
  static final String SYNTHESIS_FALLBACK =
      "I could not prepare an answer to your question right now. Please ask again later.";

  private final MemberDirectory members;
  private final LlmClient llm;
  private final AgentConfig config;
  private final Clock clock;
  private final Sleeper sleeper;
  private final PiiAnonymizer anonymizer = new PiiAnonymizer();
  private final TaskExecutor executor = new TaskExecutor();
  private final AnswerRules rules = new AnswerRules();

  public ReferenceAgent(
      MemberDirectory members, LlmClient llm, AgentConfig config, Clock clock, Sleeper sleeper) {
    this.members = Objects.requireNonNull(members, "members");
    this.llm = Objects.requireNonNull(llm, "llm");
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
  }

  /**
   * The offline agent: sample members, {@link OfflineLlmClient} with {@link PriceTable#defaults()}.
   *
   * @throws IllegalArgumentException when a configured model has no price
   */
  public static ReferenceAgent offline(AgentConfig config, Clock clock, Sleeper sleeper) {
    PriceTable prices = PriceTable.defaults();
    for (LlmPhase p : LlmPhase.values()) {
      if (!prices.knows(config.model(p))) {
        throw new IllegalArgumentException(
            AgentConfig.ENV_MODEL_PREFIX
                + p.name()
                + ": no price for model '"
                + config.model(p)
                + "' (known: "
                + PriceTable.GPT_4O_MINI
                + ", "
                + PriceTable.GPT_4O
                + ")");
      }
    }
    return new ReferenceAgent(
        JsonMemberDirectory.sample(),
        new OfflineLlmClient(prices, new ReferenceResponder()),
        config,
        clock,
        sleeper);
  }

  public static ReferenceAgent offline(AgentConfig config) {
    return offline(config, Clock.systemUTC(), Sleeper.SYSTEM);
  }

  @Override
  public AgentResult answer(AgentRequest request) throws UnknownMemberException {
    Run run = new Run(clock.instant());
    Optional<Member> found =
        run.timed(Phase.RETRIEVAL, () -> members.find(request.userId(), request.country()));
    Member member =
        found.orElseThrow(() -> new UnknownMemberException(request.userId(), request.country()));
    List<KnownPii> known = MemberPii.of(member);
    TokenMap tokens = new TokenMap();

    String person = tokens.tokenFor(PiiType.PERSON, member.name());
    String query =
        run.timed(Phase.ANONYMIZATION, () -> anonymizer.anonymize(request.query(), tokens, known));
    Intent intent = run.timed(Phase.CLASSIFICATION, () -> classify(run, query));
    Execution execution = run.timed(Phase.EXECUTION, () -> executor.execute(intent, member));
    execution.problem().ifPresent(p -> run.error(Phase.EXECUTION, p));
    Optional<String> draft =
        run.timed(Phase.SYNTHESIS, () -> synthesize(run, query, person, intent, execution));
    String checked =
        run.timed(Phase.VALIDATION, () -> validate(run, draft, person, execution, tokens, known));
    String answer = run.timed(Phase.RESTORATION, () -> restore(run, checked, tokens));

    AuditPayload.Builder payload =
        AuditPayload.builder()
            .auditId(UUID.randomUUID())
            .sessionId(request.sessionId().orElseGet(() -> UUID.randomUUID().toString()))
            .userId(request.userId())
            .country(request.country())
            .queryAnonymized(truncate(query, PayloadValidator.MAX_QUERY_LENGTH))
            .responseSummary(
                truncate(
                    anonymizer.anonymize(checked, tokens, known),
                    PayloadValidator.MAX_SUMMARY_LENGTH))
            .startedAt(run.startedAt)
            .completedAt(clock.instant());
    run.durations.forEach(payload::phaseDuration);
    run.usage.forEach(payload::llmPhase);
    run.errors.forEach(payload::error);
    return new AgentResult(answer, intent, payload.build());
  }

  private Intent classify(Run run, String query) {
    Map<String, String> vars = Map.of("query", query);
    Optional<String> label = run.call(LlmPhase.CLASSIFICATION, Prompts.CLASSIFICATION, vars);
    if (label.isEmpty()) {
      return Intent.GENERAL;
    }
    Optional<Intent> intent = Intent.fromKey(label.get().strip());
    if (intent.isEmpty()) {
      run.error(Phase.CLASSIFICATION, "model answered an unknown label; using general");
    }
    return intent.orElse(Intent.GENERAL);
  }

  private Optional<String> synthesize(
      Run run, String query, String person, Intent intent, Execution execution) {
    Map<String, String> vars = new HashMap<>(execution.facts());
    vars.put("query", query);
    vars.put("person", person);
    vars.put("intent", intent.key());
    vars.put("outcome", execution.outcome());
    vars.put("facts", execution.factsText());
    return run.call(LlmPhase.SYNTHESIS, Prompts.SYNTHESIS, vars);
  }

  private String validate(
      Run run,
      Optional<String> synthesized,
      String person,
      Execution execution,
      TokenMap tokens,
      List<KnownPii> known) {
    if (synthesized.isEmpty()) {
      run.skip(LlmPhase.VALIDATION);
      return "Dear " + person + ", " + SYNTHESIS_FALLBACK;
    }
    String draft = synthesized.get();
    List<String> violations = rules.check(draft, execution, tokens, known);
    String ruleCheck =
        violations.isEmpty() ? ReferenceResponder.NO_VIOLATIONS : String.join("; ", violations);
    Map<String, String> vars =
        Map.of("facts", execution.factsText(), "draft", draft, "rule_violations", ruleCheck);
    Optional<String> verdict = run.call(LlmPhase.VALIDATION, Prompts.VALIDATION, vars);
    boolean passed =
        violations.isEmpty()
            && verdict.map(v -> v.strip().startsWith(ReferenceResponder.PASS)).orElse(true);
    if (passed) {
      return draft;
    }
    run.error(
        Phase.VALIDATION,
        "draft rejected, fallback answer sent: "
            + (violations.isEmpty() ? "model verdict " + verdict.orElse("") : ruleCheck));
    return "Dear " + person + ", " + VALIDATION_FALLBACK;
  }

  private String restore(Run run, String checked, TokenMap tokens) {
    String restored = tokens.restore(checked);
    List<String> left = TokenMap.tokensIn(restored);
    if (!left.isEmpty()) {
      run.error(Phase.RESTORATION, left.size() + " token(s) could not be restored");
    }
    return restored;
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }

  /** The mutable state of one answer. */
  private final class Run {
    final Instant startedAt;
    final Map<Phase, Long> durations = new EnumMap<>(Phase.class);
    final Map<LlmPhase, LlmUsage> usage = new EnumMap<>(LlmPhase.class);
    final List<AuditError> errors = new ArrayList<>();

    Run(Instant startedAt) {
      this.startedAt = startedAt;
    }

    <T> T timed(Phase phase, Supplier<T> body) {
      long t0 = System.nanoTime();
      try {
        Duration latency = config.latency(phase);
        if (!latency.isZero()) {
          sleeper.sleep(latency);
        }
        return body.get();
      } finally {
        durations.put(phase, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
      }
    }

    Optional<String> call(LlmPhase phase, String template, Map<String, String> vars) {
      String model = config.model(phase);
      try {
        LlmCompletion c =
            llm.complete(new LlmRequest(phase, model, Prompts.render(template, vars), vars));
        usage.put(phase, c.usage());
        return Optional.of(c.text());
      } catch (LlmException e) {
        skip(phase);
        error(Phase.valueOf(phase.name()), "model call failed: " + e.getMessage());
        return Optional.empty();
      }
    }

    /** Records a phase that did not call its model (nothing to check), at zero cost. */
    void skip(LlmPhase phase) {
      usage.put(phase, new LlmUsage(config.model(phase), 0, 0, BigDecimal.ZERO));
    }

    void error(Phase phase, String message) {
      errors.add(new AuditError(phase.key(), message));
    }
  }
}
