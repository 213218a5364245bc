package dev.agentoutbox.agent.anonymize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PiiAnonymizerTest {
  private final PiiAnonymizer anonymizer = new PiiAnonymizer();

  @Test
  void replacesPiiWithTokensAndRestoresIt() {
    TokenMap tokens = new TokenMap();
    String text =
        "My name is Ravi Kumar, mail ravi.k@example.in or call +91 91234 56789 / 9123456780."
            + " Member IN042, account 123456789012, born 1980-02-29. Ravi Kumar again.";

    String anon = anonymizer.anonymize(text, tokens, List.of());

    assertThat(anon)
        .isEqualTo(
            "My name is <PERSON_1>, mail <EMAIL_1> or call <PHONE_1> / <PHONE_2>."
                + " Member <MEMBER_ID_1>, account <NUMBER_1>, born <DATE_1>. <PERSON_1> again.");
    assertThat(tokens.restore(anon)).isEqualTo(text);
  }

  @Test
  void knownValuesMapToTheirCanonicalTokenWhateverTheCase() {
    TokenMap tokens = new TokenMap();
    String person = tokens.tokenFor(PiiType.PERSON, "Priya Sharma");
    List<KnownPii> known =
        List.of(
            new KnownPii(PiiType.PERSON, "Priya Sharma"),
            new KnownPii(PiiType.PERSON, "Priya"),
            new KnownPii(PiiType.ACCOUNT, "100200300403"));

    String anon =
        anonymizer.anonymize("PRIYA SHARMA here; Priya for short; UAN 100200300403", tokens, known);

    assertThat(person).isEqualTo("<PERSON_1>");
    assertThat(anon).isEqualTo("<PERSON_1> here; <PERSON_2> for short; UAN <ACCOUNT_1>");
    assertThat(tokens.restore(anon))
        .isEqualTo("Priya Sharma here; Priya for short; UAN 100200300403");
  }

  @Test
  void anonymizingTwiceChangesNothing() {
    TokenMap tokens = new TokenMap();
    String once = anonymizer.anonymize("write to a.b@c.org about 1234567890", tokens, List.of());

    assertThat(anonymizer.anonymize(once, tokens, List.of())).isEqualTo(once);
    assertThat(tokens.size()).isEqualTo(2);
  }

  @Test
  void leavesOrdinaryTextAndShortNumbersAlone() {
    TokenMap tokens = new TokenMap();
    String text = "What is my EPS pension after 15 years at 15,000 a month?";

    assertThat(anonymizer.anonymize(text, tokens, List.of())).isEqualTo(text);
    assertThat(tokens.size()).isZero();
  }

  @Test
  void unknownTokensAreLeftAsTheyAre() {
    TokenMap tokens = new TokenMap();
    tokens.tokenFor(PiiType.EMAIL, "x@y.org");

    assertThat(tokens.restore("<EMAIL_1> <EMAIL_7>")).isEqualTo("x@y.org <EMAIL_7>");
    assertThat(TokenMap.tokensIn("a <EMAIL_1> b <MEMBER_ID_2>"))
        .containsExactly("<EMAIL_1>", "<MEMBER_ID_2>");
  }
}
