package dev.agentoutbox.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffPolicyTest {
  private final BackoffPolicy policy =
      new BackoffPolicy(Duration.ofSeconds(1), 2.0, Duration.ofMinutes(10), 40);

  @Test
  void delaysGrowExponentiallyUpToTheCap() {
    assertThat(policy.baseDelay(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(policy.baseDelay(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(policy.baseDelay(4)).isEqualTo(Duration.ofSeconds(8));
    assertThat(policy.baseDelay(10)).isEqualTo(Duration.ofSeconds(512));
    assertThat(policy.baseDelay(11)).isEqualTo(Duration.ofMinutes(10));
    assertThat(policy.baseDelay(39)).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void equalJitterStaysBetweenHalfAndAllOfTheBaseDelay() {
    assertThat(policy.delay(4, () -> 0.0)).isEqualTo(Duration.ofSeconds(4));
    assertThat(policy.delay(4, () -> 0.999_999)).isEqualTo(Duration.ofSeconds(8));
    assertThat(policy.delay(4, () -> 0.5)).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(7));
  }

  @Test
  void retriesUntilMaxAttempts() {
    assertThat(policy.canRetry(1)).isTrue();
    assertThat(policy.canRetry(39)).isTrue();
    assertThat(policy.canRetry(40)).isFalse();
  }

  @Test
  void defaultsSurviveHoursOfOutage() {
    assertThat(BackoffPolicy.defaults().worstCaseSpan()).isGreaterThan(Duration.ofHours(4));
  }

  @Test
  void rejectsBadSettingsNamingTheField() {
    assertThatThrownBy(() -> new BackoffPolicy(Duration.ZERO, 2, Duration.ofSeconds(1), 3))
        .hasMessageContaining("retry.initialDelay");
    assertThatThrownBy(
            () -> new BackoffPolicy(Duration.ofSeconds(1), 0.5, Duration.ofSeconds(1), 3))
        .hasMessageContaining("retry.multiplier");
    assertThatThrownBy(() -> new BackoffPolicy(Duration.ofSeconds(2), 2, Duration.ofSeconds(1), 3))
        .hasMessageContaining("retry.maxDelay");
    assertThatThrownBy(() -> new BackoffPolicy(Duration.ofSeconds(1), 2, Duration.ofSeconds(1), 0))
        .hasMessageContaining("retry.maxAttempts");
  }
}
