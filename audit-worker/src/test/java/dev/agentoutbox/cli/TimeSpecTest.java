package dev.agentoutbox.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimeSpecTest {
  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

  @Test
  void agesAreBeforeNow() {
    assertThat(TimeSpec.parse("15m").resolve(NOW)).isEqualTo(NOW.minus(Duration.ofMinutes(15)));
    assertThat(TimeSpec.parse("2h").resolve(NOW)).isEqualTo(NOW.minus(Duration.ofHours(2)));
    assertThat(TimeSpec.parse("1d").resolve(NOW)).isEqualTo(NOW.minus(Duration.ofDays(1)));
    assertThat(TimeSpec.parse("1w").resolve(NOW)).isEqualTo(NOW.minus(Duration.ofDays(7)));
    assertThat(TimeSpec.parse("90s").resolve(NOW)).isEqualTo(NOW.minusSeconds(90));
    assertThat(TimeSpec.parse("250ms").resolve(NOW)).isEqualTo(NOW.minusMillis(250));
    assertThat(TimeSpec.parse("PT15M").resolve(NOW)).isEqualTo(NOW.minus(Duration.ofMinutes(15)));
  }

  @Test
  void absoluteTimes() {
    assertThat(TimeSpec.parse("2026-12-04T10:00:00Z").resolve(NOW))
        .isEqualTo(Instant.parse("2026-12-04T10:00:00Z"));
    assertThat(TimeSpec.parse("2026-12-04T15:30:00+05:30").resolve(NOW))
        .isEqualTo(Instant.parse("2026-12-04T10:00:00Z"));
    assertThat(TimeSpec.parse("2026-12-04").resolve(NOW))
        .isEqualTo(Instant.parse("2026-12-04T00:00:00Z"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "yesterday",
        "15",
        "15 m",
        "-15m",
        "15min",
        "1.5h",
        "2026-12-04T10:00:00",
        "2026-13-01",
        "2026-12-04T25:00:00Z",
        "now",
        "PT-5M"
      })
  void everythingElseIsRefusedWithTheAcceptedForms(String text) {
    assertThatThrownBy(() -> TimeSpec.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2026-12-04T10:00:00Z")
        .hasMessageContaining("15m");
  }
}
