package dev.agentoutbox.sink.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The request-building helpers of the gateway (no server needed). */
class MlflowGatewayHelpersTest {

  @Test
  void filterStringsRejectWhatTheGrammarCannotCarry() {
    assertThat(MlflowGateway.tagEquals("audit_id", "a-1")).isEqualTo("tags.`audit_id` = 'a-1'");
    assertThatThrownBy(() -> MlflowGateway.tagEquals("audit_id", "x' OR '1"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void logBatchChunksRespectMlflowLimits() {
    var chunks =
        LogBatchChunks.split(
            Collections.nCopies(2_500, "m"),
            Collections.nCopies(150, "p"),
            Collections.nCopies(5, "t"));
    assertThat(chunks)
        .allSatisfy(
            c -> {
              assertThat(c.metrics().size()).isLessThanOrEqualTo(1000);
              assertThat(c.params().size()).isLessThanOrEqualTo(100);
              assertThat(c.tags().size()).isLessThanOrEqualTo(100);
              assertThat(c.metrics().size() + c.params().size() + c.tags().size())
                  .isLessThanOrEqualTo(1000);
            });
    assertThat(chunks.stream().mapToInt(c -> c.metrics().size()).sum()).isEqualTo(2_500);
    assertThat(chunks.stream().mapToInt(c -> c.params().size()).sum()).isEqualTo(150);
    assertThat(chunks.stream().mapToInt(c -> c.tags().size()).sum()).isEqualTo(5);
    assertThat(LogBatchChunks.split(List.of(), List.of(), List.of())).hasSize(1);
  }
}
