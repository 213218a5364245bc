package dev.agentoutbox.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentoutbox.agent.classify.Intent;
import dev.agentoutbox.agent.llm.LlmClient;
import dev.agentoutbox.agent.llm.LlmCompletion;
import dev.agentoutbox.agent.llm.LlmException;
import dev.agentoutbox.agent.llm.OfflineLlmClient;
import dev.agentoutbox.agent.llm.PriceTable;
import dev.agentoutbox.agent.member.JsonMemberDirectory;
import dev.agentoutbox.payload.AuditPayload;
import dev.agentoutbox.payload.LlmPhase;
import dev.agentoutbox.payload.LlmUsage;
import dev.agentoutbox.payload.PayloadCodec;
import dev.agentoutbox.payload.PayloadValidator;
import dev.agentoutbox.payload.Phase;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReferenceAgentTest {
  static final String REFERENCE_QUERY = "What is my EPS pension benefit?";
  static final String IN003_ANSWER =
      "Dear Priya Sharma, you are eligible for a monthly EPS pension of INR 3,214.29."
          + " It is calculated as pensionable salary x pensionable service / 70"
          + " = INR 15,000 x 15 / 70. Your pensionable salary of INR 18,500 is capped at the EPS"
          + " wage ceiling of INR 15,000, and your pensionable service of 14 years 7 months"
          + " counts as 15 years (6 months or more round up).";

  private static final Instant NOW = Instant.parse("2026-12-04T10:15:30Z");
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final ReferenceAgent agent =
      ReferenceAgent.offline(AgentConfig.defaults(), clock, d -> {});

  @Test
  void answersTheReferenceQueryForIn003WithTheExactEpsPension() throws Exception {
    AgentResult r = agent.answer(AgentRequest.of("IN003", "IN", REFERENCE_QUERY));

    assertThat(r.answer()).isEqualTo(IN003_ANSWER);
    assertThat(r.intent()).isEqualTo(Intent.EPS_PENSION_BENEFIT);
    AuditPayload p = r.payload();
    assertThat(p.userId()).isEqualTo("IN003");
    assertThat(p.country()).isEqualTo("IN");
    assertThat(p.queryAnonymized()).isEqualTo(REFERENCE_QUERY);
    assertThat(p.responseSummary())
        .isEqualTo(IN003_ANSWER.replace("Priya Sharma", "<PERSON_1>"))
        .doesNotContain("Priya", "Sharma");
    assertThat(p.errors()).isEmpty();
    assertThat(p.startedAt()).isEqualTo(NOW);
    assertThat(p.completedAt()).isEqualTo(NOW);
    assertThat(p.phaseDurationsMs()).containsOnlyKeys(Phase.values());
    assertThat(UUID.fromString(p.sessionId())).isNotNull();
  }

  @Test
  void pricesEveryLlmPhaseExactlyAndTheTotalIsTheirSum() throws Exception {
    AuditPayload p = agent.answer(AgentRequest.of("IN003", "IN", REFERENCE_QUERY)).payload();

    assertThat(p.llmPhases().get(LlmPhase.CLASSIFICATION))
        .isEqualTo(new LlmUsage("gpt-4o-mini", 45, 5, new BigDecimal("0.00000975")));
    assertThat(p.llmPhases().get(LlmPhase.SYNTHESIS))
        .isEqualTo(new LlmUsage("gpt-4o", 141, 88, new BigDecimal("0.0012325")));
    assertThat(p.llmPhases().get(LlmPhase.VALIDATION))
        .isEqualTo(new LlmUsage("gpt-4o-mini", 214, 1, new BigDecimal("0.0000327")));
    assertThat(p.totalCostUsd()).isEqualTo(new BigDecimal("0.00127495"));
    assertThat(p.totalCostUsd()).isEqualTo(p.sumOfPhaseCosts());
  }

  @Test
  void thePayloadValidatesAndSurvivesTheCodec() throws Exception {
    AuditPayload p = agent.answer(AgentRequest.of("IN003", "IN", REFERENCE_QUERY)).payload();

    assertThat(PayloadValidator.validate(p)).isEmpty();
    assertThat(PayloadCodec.parse(PayloadCodec.toJson(p))).isEqualTo(p);
  }

  @Test
  void isDeterministicApartFromIds() throws Exception {
    AgentResult a = agent.answer(AgentRequest.of("IN003", "IN", REFERENCE_QUERY));
    AgentResult b = agent.answer(AgentRequest.of("IN003", "IN", REFERENCE_QUERY));

    assertThat(b.answer()).isEqualTo(a.answer());
    assertThat(b.payload().llmPhases()).isEqualTo(a.payload().llmPhases());
    assertThat(b.auditId()).isNotEqualTo(a.auditId());
    assertThat(b.sessionId()).isNotEqualTo(a.sessionId());
  }

  @Test
  void keepsTheCallersSessionId() throws Exception {
    AgentResult r =
        agent.answer(new AgentRequest("IN003", "IN", REFERENCE_QUERY, Optional.of("sess-42")));

    assertThat(r.sessionId()).isEqualTo("sess-42");
  }

  @Test
  void unknownMemberOrWrongCountryIsRefused() {
    assertThatThrownBy(() -> agent.answer(AgentRequest.of("IN999", "IN", REFERENCE_QUERY)))
        .isInstanceOf(UnknownMemberException.class)
        .hasMessage("no member IN999 in country IN");
    assertThatThrownBy(() -> agent.answer(AgentRequest.of("IN003", "SG", REFERENCE_QUERY)))
        .isInstanceOf(UnknownMemberException.class);
  }

  @Test
  void queryPiiNeverReachesThePayloadButComesBackInTheAnswer() throws Exception {
    String query =
        "I am Priya Sharma (priya.sharma@example.com, +91 98765 43210, UAN 100200300403,"
            + " born 12/04/1968, member IN003). My colleague anil.k@corp.example.org said"
            + " 9876501234. What is my EPF balance?";

    AgentResult r = agent.answer(AgentRequest.of("IN003", "IN", query));

    AuditPayload p = r.payload();
    assertThat(p.queryAnonymized())
        .isEqualTo(
            "I am <PERSON_1> (<EMAIL_1>, <PHONE_1>, UAN <ACCOUNT_1>, born <DATE_1>, member"
                + " <MEMBER_ID_1>). My colleague <EMAIL_2> said <PHONE_2>. What is my EPF"
                + " balance?");
    assertThat(PayloadValidator.validate(p)).isEmpty();
    assertThat(r.answer())
        .isEqualTo("Dear Priya Sharma, your EPF balance was INR 1,245,678.50 on 1 January 2025.");
    assertThat(p.responseSummary()).startsWith("Dear <PERSON_1>, ");
  }

  @Test
  void minimumPensionAndServiceRoundingForIn002() throws Exception {
    AgentResult r = agent.answer(AgentRequest.of("IN002", "IN", "How much pension will I get?"));

    assertThat(r.answer())
        .startsWith("Dear Kavita Rao, you are eligible for a monthly EPS pension of INR 1,000.")
        .contains("INR 6,500 x 10 / 70 gives INR 928.57")
        .contains("9 years 6 months counts as 10 years");
    assertThat(r.payload().errors()).isEmpty();
  }

  @Test
  void lessThanTenYearsIsNotEligible() throws Exception {
    AgentResult r = agent.answer(AgentRequest.of("IN004", "IN", "eps pension?"));

    assertThat(r.answer())
        .startsWith("Dear Rahul Verma, you are not yet eligible for a monthly EPS pension")
        .contains("7 years 3 months counts as 7 years");
  }

  @Test
  void epsOutsideIndiaIsAnsweredAndRecordedAsAnExecutionError() throws Exception {
    AgentResult r = agent.answer(AgentRequest.of("SG001", "SG", REFERENCE_QUERY));

    assertThat(r.answer()).startsWith("Dear Tan Wei Ling, I cannot answer this: EPS pension");
    assertThat(r.payload().errors())
        .singleElement()
        .satisfies(e -> assertThat(e.phase()).isEqualTo("execution"));
    assertThat(PayloadValidator.validate(r.payload())).isEmpty();
  }

  @Test
  void simulatedLatencyIsSpentInEveryConfiguredPhase() throws Exception {
    List<Duration> slept = new ArrayList<>();
    AgentConfig config =
        AgentConfig.builder()
            .latencyForAllPhases(Duration.ofMillis(3))
            .latency(Phase.SYNTHESIS, Duration.ofMillis(40))
            .build();
    ReferenceAgent slow = ReferenceAgent.offline(config, clock, slept::add);

    slow.answer(AgentRequest.of("IN003", "IN", REFERENCE_QUERY));

    assertThat(slept)
        .containsExactly(
            Duration.ofMillis(3),
            Duration.ofMillis(3),
            Duration.ofMillis(3),
            Duration.ofMillis(3),
            Duration.ofMillis(40),
            Duration.ofMillis(3),
            Duration.ofMillis(3));
  }

  @Test
  void aDraftWithNumbersNotFromTheCalculationIsReplacedByTheFallback() throws Exception {
    LlmClient offline = new OfflineLlmClient(PriceTable.defaults(), new ReferenceResponder());
    LlmClient lying =
        req -> {
          LlmCompletion c = offline.complete(req);
          return req.phase() == LlmPhase.SYNTHESIS
              ? new LlmCompletion(c.text().replace("3,214.29", "3,500.00"), c.usage())
              : c;
        };
    ReferenceAgent agent =
        new ReferenceAgent(
            JsonMemberDirectory.sample(), lying, AgentConfig.defaults(), clock, d -> {});

    AgentResult r = agent.answer(AgentRequest.of("IN003", "IN", REFERENCE_QUERY));

    assertThat(r.answer())
        .isEqualTo("Dear Priya Sharma, " + ReferenceAgent.VALIDATION_FALLBACK)
        .doesNotContain("3,500");
    assertThat(r.payload().errors())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.phase()).isEqualTo("validation");
              assertThat(e.message())
                  .contains("number 3500.00 does not come from the calculation")
                  .contains("result 3214.29 is missing");
            });
    assertThat(PayloadValidator.validate(r.payload())).isEmpty();
  }

  @Test
  void aFailingModelCallIsRecordedAtZeroCostAndAnsweredWithAFallback() throws Exception {
    LlmClient offline = new OfflineLlmClient(PriceTable.defaults(), new ReferenceResponder());
    LlmClient failing =
        req -> {
          if (req.phase() == LlmPhase.SYNTHESIS) {
            throw new LlmException("timeout after 30 s");
          }
          return offline.complete(req);
        };
    ReferenceAgent agent =
        new ReferenceAgent(
            JsonMemberDirectory.sample(), failing, AgentConfig.defaults(), clock, d -> {});

    AgentResult r = agent.answer(AgentRequest.of("IN003", "IN", REFERENCE_QUERY));

    assertThat(r.answer()).isEqualTo("Dear Priya Sharma, " + ReferenceAgent.SYNTHESIS_FALLBACK);
    assertThat(r.payload().llmPhases().get(LlmPhase.SYNTHESIS))
        .isEqualTo(new LlmUsage("gpt-4o", 0, 0, BigDecimal.ZERO));
    assertThat(r.payload().errors())
        .extracting(e -> e.phase() + ": " + e.message())
        .containsExactly("synthesis: model call failed: timeout after 30 s");
    assertThat(r.payload().totalCostUsd()).isEqualTo(r.payload().sumOfPhaseCosts());
    assertThat(PayloadValidator.validate(r.payload())).isEmpty();
  }

  @Test
  void refusesAModelWithoutAPrice() {
    AgentConfig config = AgentConfig.builder().model(LlmPhase.SYNTHESIS, "gpt-9").build();

    assertThatThrownBy(() -> ReferenceAgent.offline(config))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AGENT_MODEL_SYNTHESIS")
        .hasMessageContaining("gpt-9");
  }
}
