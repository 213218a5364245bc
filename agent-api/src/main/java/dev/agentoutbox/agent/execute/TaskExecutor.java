package dev.agentoutbox.agent.execute;

import dev.agentoutbox.agent.classify.Intent;
import dev.agentoutbox.agent.member.Member;
import dev.agentoutbox.agent.member.PensionableService;
import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Phase 4: computes what the intent asks for from the member record. */
public final class TaskExecutor {
  public static final String INDIA = "IN";
  private static final DateTimeFormatter AS_OF =
      DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);

  private final EpsPensionCalculator eps = new EpsPensionCalculator();

  public Execution execute(Intent intent, Member member) {
    return switch (intent) {
      case EPS_PENSION_BENEFIT -> pension(member);
      case EPF_BALANCE -> balance(member);
      case GENERAL -> general(intent);
    };
  }

  private Execution pension(Member member) {
    Intent intent = Intent.EPS_PENSION_BENEFIT;
    if (!INDIA.equals(member.country()) || member.eps().isEmpty() || member.salary().isEmpty()) {
      return unsupported(
          intent,
          member,
          "EPS pension is calculated for members in India (IN) only, member country is "
              + member.country());
    }
    PensionableService service = member.epsService();
    EpsPension p = eps.calculate(service, member.pensionableSalary());
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("currency", member.currency());
    facts.put("monthly_pension", Money.format(p.monthlyPension()));
    facts.put("formula_pension", Money.format(p.formulaPension()));
    facts.put("pensionable_salary", Money.format(p.salary()));
    facts.put("capped_salary", Money.format(p.cappedSalary()));
    facts.put("wage_ceiling", Money.format(EpsPensionCalculator.WAGE_CEILING_INR));
    facts.put("service_years_recorded", Integer.toString(service.years()));
    facts.put("service_months_recorded", Integer.toString(service.months()));
    facts.put("service_years", Integer.toString(p.serviceYears()));
    facts.put("divisor", Integer.toString(EpsPensionCalculator.DIVISOR));
    facts.put("minimum_pension", Money.format(EpsPensionCalculator.MINIMUM_PENSION_INR));
    facts.put(
        "minimum_service_years", Integer.toString(EpsPensionCalculator.MINIMUM_SERVICE_YEARS));
    facts.put("round_up_months", Integer.toString(PensionableService.ROUND_UP_FROM_MONTHS));
    facts.put("salary_capped", Boolean.toString(p.salaryCapped()));
    facts.put("minimum_applied", Boolean.toString(p.minimumApplied()));
    List<BigDecimal> figures = new ArrayList<>();
    figures.add(p.monthlyPension());
    figures.add(p.formulaPension());
    figures.add(p.salary());
    figures.add(p.cappedSalary());
    figures.add(EpsPensionCalculator.WAGE_CEILING_INR);
    figures.add(BigDecimal.valueOf(service.years()));
    figures.add(BigDecimal.valueOf(service.months()));
    figures.add(BigDecimal.valueOf(p.serviceYears()));
    figures.add(BigDecimal.valueOf(EpsPensionCalculator.DIVISOR));
    figures.add(EpsPensionCalculator.MINIMUM_PENSION_INR);
    figures.add(BigDecimal.valueOf(EpsPensionCalculator.MINIMUM_SERVICE_YEARS));
    figures.add(BigDecimal.valueOf(PensionableService.ROUND_UP_FROM_MONTHS));
    List<BigDecimal> required =
        p.eligible()
            ? List.of(p.monthlyPension(), BigDecimal.valueOf(p.serviceYears()))
            : List.of(BigDecimal.valueOf(p.serviceYears()));
    return new Execution(
        intent,
        p.eligible() ? "eligible" : "not_eligible",
        facts,
        figures,
        required,
        Optional.empty());
  }

  private Execution balance(Member member) {
    Intent intent = Intent.EPF_BALANCE;
    if (member.balance().isEmpty()) {
      return unsupported(intent, member, "no EPF balance on record for this member");
    }
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("currency", member.currency());
    facts.put("epf_balance", Money.format(member.epfBalance()));
    facts.put("as_of", AS_OF.format(member.dataAsOf()));
    List<BigDecimal> figures =
        List.of(
            member.epfBalance(),
            BigDecimal.valueOf(member.dataAsOf().getDayOfMonth()),
            BigDecimal.valueOf(member.dataAsOf().getYear()));
    return new Execution(
        intent, "balance", facts, figures, List.of(member.epfBalance()), Optional.empty());
  }

  private Execution general(Intent intent) {
    return new Execution(intent, "general", Map.of(), List.of(), List.of(), Optional.empty());
  }

  private Execution unsupported(Intent intent, Member member, String problem) {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("member_country", member.country());
    facts.put("supported_country", INDIA);
    facts.put("reason", problem);
    return new Execution(intent, "unsupported", facts, List.of(), List.of(), Optional.of(problem));
  }
}
