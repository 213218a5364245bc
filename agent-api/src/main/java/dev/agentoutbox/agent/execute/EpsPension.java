package dev.agentoutbox.agent.execute;

import dev.agentoutbox.agent.member.PensionableService;
import java.math.BigDecimal;

/**
 * The result of the EPS monthly pension calculation.
 *
 * @param service service as recorded
 * @param serviceYears service rounded per the EPS rule
 * @param salary pensionable salary as recorded
 * @param cappedSalary salary after the wage ceiling
 * @param eligible whether the rounded service reaches the minimum
 * @param formulaPension {@code cappedSalary * serviceYears / 70}, half-up to 2 decimals
 * @param monthlyPension what the member receives: the formula pension raised to the minimum; 0 when
 *     not eligible
 */
public record EpsPension(
    PensionableService service,
    int serviceYears,
    BigDecimal salary,
    BigDecimal cappedSalary,
    boolean eligible,
    BigDecimal formulaPension,
    BigDecimal monthlyPension) {

  public boolean salaryCapped() {
    return salary.compareTo(cappedSalary) > 0;
  }

  public boolean minimumApplied() {
    return eligible && monthlyPension.compareTo(formulaPension) > 0;
  }
}
