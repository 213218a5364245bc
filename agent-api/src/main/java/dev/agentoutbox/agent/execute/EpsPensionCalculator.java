package dev.agentoutbox.agent.execute;

import dev.agentoutbox.agent.member.PensionableService;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Employees' Pension Scheme (India) monthly pension: {@code min(salary, 15,000) * service years /
 * 70}, service rounded to whole years (six months or more round up), at least 1,000 INR a month,
 * payable from 10 years of (rounded) service.
 */
public final class EpsPensionCalculator {
  public static final BigDecimal WAGE_CEILING_INR = new BigDecimal("15000");
  public static final int DIVISOR = 70;
  public static final BigDecimal MINIMUM_PENSION_INR = new BigDecimal("1000");
  public static final int MINIMUM_SERVICE_YEARS = 10;
  public static final int SCALE = 2;

  public EpsPension calculate(PensionableService service, BigDecimal pensionableSalary) {
    if (pensionableSalary.signum() < 0) {
      throw new IllegalArgumentException("pensionable salary must be >= 0");
    }
    int years = service.roundedYears();
    BigDecimal capped = pensionableSalary.min(WAGE_CEILING_INR);
    BigDecimal formula =
        capped
            .multiply(BigDecimal.valueOf(years))
            .divide(BigDecimal.valueOf(DIVISOR), SCALE, RoundingMode.HALF_UP);
    boolean eligible = years >= MINIMUM_SERVICE_YEARS;
    BigDecimal monthly =
        eligible
            ? formula.max(MINIMUM_PENSION_INR).setScale(SCALE)
            : BigDecimal.ZERO.setScale(SCALE);
    return new EpsPension(service, years, pensionableSalary, capped, eligible, formula, monthly);
  }
}
