package dev.agentoutbox.agent.anonymize;

import dev.agentoutbox.agent.member.Member;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** The PII values of a member record, for {@link PiiAnonymizer} and the validation rules. */
public final class MemberPii {
  /** Name parts shorter than this are too likely to be ordinary words. */
  public static final int MIN_NAME_PART = 3;

  private static final DateTimeFormatter DAY_FIRST = DateTimeFormatter.ofPattern("dd/MM/yyyy");

  private MemberPii() {}

  public static List<KnownPii> of(Member m) {
    List<KnownPii> known = new ArrayList<>();
    known.add(new KnownPii(PiiType.PERSON, m.name()));
    for (String part : m.name().split("\\s+")) {
      if (part.length() >= MIN_NAME_PART) {
        known.add(new KnownPii(PiiType.PERSON, part));
      }
    }
    add(known, PiiType.EMAIL, m.email());
    add(known, PiiType.PHONE, m.phone());
    add(known, PiiType.MEMBER_ID, m.userId());
    add(known, PiiType.ACCOUNT, m.accountNumber());
    if (m.dateOfBirth() != null) {
      known.add(new KnownPii(PiiType.DATE, m.dateOfBirth().toString()));
      known.add(new KnownPii(PiiType.DATE, DAY_FIRST.format(m.dateOfBirth())));
    }
    return known;
  }

  private static void add(List<KnownPii> known, PiiType type, String value) {
    if (value != null && !value.isBlank()) {
      known.add(new KnownPii(type, value));
    }
  }
}
