package dev.agentoutbox.agent.member;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * A fund member's record. Everything here except the scheme numbers is PII and must be anonymized
 * before it reaches a model or an audit record.
 *
 * @param userId member id, e.g. {@code IN003}
 * @param country ISO 3166-1 alpha-2 code
 * @param name full name
 * @param email e-mail address
 * @param phone phone number as written, e.g. {@code +91 98765 43210}
 * @param dateOfBirth date of birth
 * @param dateOfJoining date the member joined the scheme
 * @param accountNumber the scheme account number (UAN in India)
 * @param currency ISO 4217 code of the amounts
 * @param epsService pensionable service under EPS, absent outside India
 * @param pensionableSalary monthly pensionable salary (average of the last 60 months), absent
 *     outside India
 * @param epfBalance provident fund balance, absent when unknown
 * @param dataAsOf the date the service and balances were computed at
 */
public record Member(
    String userId,
    String country,
    String name,
    String email,
    String phone,
    LocalDate dateOfBirth,
    LocalDate dateOfJoining,
    String accountNumber,
    String currency,
    PensionableService epsService,
    BigDecimal pensionableSalary,
    BigDecimal epfBalance,
    LocalDate dataAsOf) {

  public Member {
    Objects.requireNonNull(userId, "user_id");
    Objects.requireNonNull(country, "country");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(dataAsOf, "data_as_of");
  }

  public Optional<PensionableService> eps() {
    return Optional.ofNullable(epsService);
  }

  public Optional<BigDecimal> salary() {
    return Optional.ofNullable(pensionableSalary);
  }

  public Optional<BigDecimal> balance() {
    return Optional.ofNullable(epfBalance);
  }
}
