package dev.agentoutbox.agent.execute;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/** Formats amounts for answers: grouping commas, two decimals unless the amount is whole. */
public final class Money {
  private Money() {}

  public static String format(BigDecimal amount) {
    boolean whole = amount.stripTrailingZeros().scale() <= 0;
    DecimalFormat f =
        new DecimalFormat(
            whole ? "#,##0" : "#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT));
    f.setParseBigDecimal(true);
    return f.format(amount);
  }
}
