package dev.agentoutbox.agent.member;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class JsonMemberDirectoryTest {

  @Test
  void sampleHoldsIn003AndAMemberOfAnotherCountry() {
    JsonMemberDirectory d = JsonMemberDirectory.sample();

    Member m = d.find("IN003", "IN").orElseThrow();
    assertThat(m.name()).isEqualTo("Priya Sharma");
    assertThat(m.epsService()).isEqualTo(new PensionableService(14, 7));
    assertThat(m.pensionableSalary()).isEqualByComparingTo("18500");
    assertThat(m.epfBalance()).isEqualByComparingTo("1245678.50");
    assertThat(m.dataAsOf()).isEqualTo(LocalDate.of(2025, 1, 1));
    assertThat(d.find("SG001", "SG")).isPresent();
    assertThat(d.find("IN003", "SG")).isEmpty();
    assertThat(d.size()).isEqualTo(5);
  }

  @Test
  void aBadFileNamesTheMemberAndField() {
    String json =
        """
        {"data_as_of": "2025-01-01", "members": [{"user_id": "X1", "country": "IN", "name": "A B",
         "email": "a@b.c", "phone": "1", "date_of_birth": "1990-13-01", "date_of_joining": "2010-01-01",
         "account_number": "1", "currency": "INR"}]}
        """;

    assertThatThrownBy(
            () ->
                JsonMemberDirectory.read(
                    new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))))
        .hasMessageStartingWith("members[0].date_of_birth:");
  }
}
