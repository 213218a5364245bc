package dev.agentoutbox.agent.synthesis;

import java.util.Map;

/**
 * The answer templates the offline synthesis model fills in. Input and output are anonymized: the
 * member is addressed by token ({@code person}), never by name.
 */
public final class AnswerTemplates {
  private AnswerTemplates() {}

  /**
   * Renders the draft answer.
   *
   * @param v prompt variables: {@code person}, {@code outcome} and the execution facts
   */
  public static String render(Map<String, String> v) {
    String person = get(v, "person");
    return switch (get(v, "outcome")) {
      case "eligible" -> eligible(v, person);
      case "not_eligible" ->
          "Dear "
              + person
              + ", you are not yet eligible for a monthly EPS pension: it needs at least "
              + get(v, "minimum_service_years")
              + " years of pensionable service and "
              + service(v)
              + ". You may instead be entitled to a withdrawal benefit when you leave"
              + " covered employment.";
      case "balance" ->
          "Dear "
              + person
              + ", your EPF balance was "
              + get(v, "currency")
              + " "
              + get(v, "epf_balance")
              + " on "
              + get(v, "as_of")
              + ".";
      case "unsupported" -> "Dear " + person + ", I cannot answer this: " + get(v, "reason") + ".";
      case "general" ->
          "Dear "
              + person
              + ", I can answer questions about your EPS pension benefit and your EPF balance."
              + " Please ask about one of them.";
      default -> throw new IllegalArgumentException("unknown outcome " + v.get("outcome"));
    };
  }

  private static String eligible(Map<String, String> v, String person) {
    String cur = get(v, "currency");
    StringBuilder sb = new StringBuilder();
    sb.append("Dear ")
        .append(person)
        .append(", you are eligible for a monthly EPS pension of ")
        .append(cur)
        .append(' ')
        .append(get(v, "monthly_pension"))
        .append(". ");
    String formula =
        "pensionable salary x pensionable service / "
            + get(v, "divisor")
            + " = "
            + cur
            + " "
            + get(v, "capped_salary")
            + " x "
            + get(v, "service_years")
            + " / "
            + get(v, "divisor");
    if (Boolean.parseBoolean(get(v, "minimum_applied"))) {
      sb.append("The formula ")
          .append(formula)
          .append(" gives ")
          .append(cur)
          .append(' ')
          .append(get(v, "formula_pension"))
          .append(", below the EPS minimum pension of ")
          .append(cur)
          .append(' ')
          .append(get(v, "minimum_pension"))
          .append(", so the minimum applies. ");
    } else {
      sb.append("It is calculated as ").append(formula).append(". ");
    }
    if (Boolean.parseBoolean(get(v, "salary_capped"))) {
      sb.append("Your pensionable salary of ")
          .append(cur)
          .append(' ')
          .append(get(v, "pensionable_salary"))
          .append(" is capped at the EPS wage ceiling of ")
          .append(cur)
          .append(' ')
          .append(get(v, "wage_ceiling"))
          .append(", and ");
    } else {
      sb.append("Your pensionable salary is within the EPS wage ceiling, and ");
    }
    sb.append(service(v)).append('.');
    return sb.toString();
  }

  private static String service(Map<String, String> v) {
    int years = Integer.parseInt(get(v, "service_years_recorded"));
    int months = Integer.parseInt(get(v, "service_months_recorded"));
    String rounded = get(v, "service_years");
    String recorded = years + " years " + months + " months";
    if (months == 0) {
      return "your pensionable service is " + rounded + " years";
    }
    int roundUp = Integer.parseInt(get(v, "round_up_months"));
    return "your pensionable service of "
        + recorded
        + " counts as "
        + rounded
        + " years ("
        + (months >= roundUp
            ? roundUp + " months or more round up"
            : "less than " + roundUp + " months is not counted")
        + ")";
  }

  private static String get(Map<String, String> v, String name) {
    String s = v.get(name);
    if (s == null) {
      throw new IllegalArgumentException("template variable '" + name + "' missing");
    }
    return s;
  }
}
