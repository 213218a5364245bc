package dev.agentoutbox.agent.execute;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentoutbox.agent.member.PensionableService;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class EpsPensionCalculatorTest {
  private final EpsPensionCalculator calc = new EpsPensionCalculator();

  @Test
  void in003CapsTheSalaryAndRoundsServiceUp() {
    EpsPension p = calc.calculate(new PensionableService(14, 7), new BigDecimal("18500"));

    assertThat(p.serviceYears()).isEqualTo(15);
    assertThat(p.cappedSalary()).isEqualByComparingTo("15000");
    assertThat(p.salaryCapped()).isTrue();
    assertThat(p.eligible()).isTrue();
    assertThat(p.formulaPension()).isEqualTo(new BigDecimal("3214.29"));
    assertThat(p.monthlyPension()).isEqualTo(new BigDecimal("3214.29"));
    assertThat(p.minimumApplied()).isFalse();
  }

  @Test
  void fiveMonthsRoundDownSixRoundUp() {
    assertThat(new PensionableService(20, 5).roundedYears()).isEqualTo(20);
    assertThat(new PensionableService(20, 6).roundedYears()).isEqualTo(21);
    assertThat(new PensionableService(20, 0).roundedYears()).isEqualTo(20);
  }

  @Test
  void nineYearsSixMonthsIsEligibleAndTheMinimumApplies() {
    EpsPension p = calc.calculate(new PensionableService(9, 6), new BigDecimal("6500"));

    assertThat(p.eligible()).isTrue();
    assertThat(p.formulaPension()).isEqualTo(new BigDecimal("928.57"));
    assertThat(p.monthlyPension()).isEqualTo(new BigDecimal("1000.00"));
    assertThat(p.minimumApplied()).isTrue();
  }

  @Test
  void nineYearsFiveMonthsIsNotEligible() {
    EpsPension p = calc.calculate(new PensionableService(9, 5), new BigDecimal("20000"));

    assertThat(p.eligible()).isFalse();
    assertThat(p.monthlyPension()).isEqualTo(new BigDecimal("0.00"));
  }

  @Test
  void exactDivisionAndSalaryBelowCeiling() {
    EpsPension p = calc.calculate(new PensionableService(35, 0), new BigDecimal("14000"));

    assertThat(p.salaryCapped()).isFalse();
    assertThat(p.monthlyPension()).isEqualTo(new BigDecimal("7000.00"));
  }
}
