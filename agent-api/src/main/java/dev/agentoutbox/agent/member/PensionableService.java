package dev.agentoutbox.agent.member;

/**
 * Pensionable service under the Employees' Pension Scheme, as years plus months.
 *
 * @param years whole years
 * @param months remaining months, 0..11
 */
public record PensionableService(int years, int months) {
  /** EPS rule: a remainder of six months or more counts as a full year. */
  public static final int ROUND_UP_FROM_MONTHS = 6;

  public PensionableService {
    if (years < 0) {
      throw new IllegalArgumentException("years must be >= 0, was " + years);
    }
    if (months < 0 || months > 11) {
      throw new IllegalArgumentException("months must be in 0..11, was " + months);
    }
  }

  /** Service in whole years, rounded per the EPS rule (six months or more rounds up). */
  public int roundedYears() {
    return months >= ROUND_UP_FROM_MONTHS ? years + 1 : years;
  }
}
