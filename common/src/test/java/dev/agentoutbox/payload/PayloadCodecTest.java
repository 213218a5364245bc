package dev.agentoutbox.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class PayloadCodecTest {

  @Test
  void roundTripsExactly() throws Exception {
    AuditPayload p = SamplePayloads.in003();
    AuditPayload back = PayloadCodec.parse(PayloadCodec.toJson(p));
    assertThat(back).isEqualTo(p);
    assertThat(back.totalCostUsd()).isEqualByComparingTo(new BigDecimal("0.004446"));
  }

  @Test
  void malformedJsonNamesTheProblem() {
    PayloadValidationException e =
        catchThrowableOfType(
            () -> PayloadCodec.parse("{\"audit_id\":"), PayloadValidationException.class);
    assertThat(e.errors()).singleElement().satisfies(f -> assertThat(f.field()).isEqualTo("$"));
  }

  @Test
  void everyBadFieldIsReported() {
    ObjectNode n = PayloadCodec.toNode(SamplePayloads.in003());
    n.put("audit_id", "not-a-uuid");
    n.remove("user_id");
    n.put("country", "india");
    n.put("surprise", 1);
    ((ObjectNode) n.get("llm_phases").get("synthesis")).put("cost_usd", "abc");
    PayloadValidationException e =
        catchThrowableOfType(
            () -> PayloadCodec.parse(n.toString()), PayloadValidationException.class);
    assertThat(e.errors())
        .extracting(FieldError::field)
        .contains("audit_id", "user_id", "surprise", "llm_phases.synthesis.cost_usd");
  }

  @Test
  void totalMustEqualTheSumOfThePhaseCosts() {
    ObjectNode n = PayloadCodec.toNode(SamplePayloads.in003());
    n.put("total_cost_usd", new BigDecimal("1.0"));
    assertThatThrownBy(() -> PayloadCodec.parse(n.toString()))
        .hasMessageContaining("total_cost_usd: must equal the sum");
  }

  @Test
  void rawPiiIsRejected() {
    ObjectNode n = PayloadCodec.toNode(SamplePayloads.in003());
    n.put("query_anonymized", "my email is ravi@example.com");
    assertThatThrownBy(() -> PayloadCodec.parse(n.toString()))
        .hasMessageContaining("query_anonymized: holds an e-mail address");
  }

  @Test
  void longDigitRunsAreFoundInLinearTime() {
    assertThat(PayloadValidator.hasLongDigitRun("my UAN is 100200300403")).isTrue();
    assertThat(PayloadValidator.hasLongDigitRun("call +91 98765 43210")).isTrue();
    assertThat(PayloadValidator.hasLongDigitRun("INR 15,000 x 15 / 70 = INR 3,214.29")).isFalse();
    assertThat(PayloadValidator.hasLongDigitRun("1 2 3 4")).isFalse();
    assertThat(PayloadValidator.hasLongDigitRun("x".repeat(100_000))).isFalse();
  }

  @Test
  void missingPhasesAreNamed() {
    ObjectNode n = PayloadCodec.toNode(SamplePayloads.in003());
    ((ObjectNode) n.get("phase_durations_ms")).remove("restoration");
    ((ObjectNode) n.get("llm_phases")).remove("validation");
    assertThatThrownBy(() -> PayloadCodec.parse(n.toString()))
        .hasMessageContaining("phase_durations_ms.restoration: is required")
        .hasMessageContaining("llm_phases.validation: is required");
  }
}
