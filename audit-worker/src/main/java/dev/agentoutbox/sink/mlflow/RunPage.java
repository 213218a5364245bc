package dev.agentoutbox.sink.mlflow;

import java.util.List;
import java.util.Optional;

/** One page of a run search; {@code nextPageToken} is empty on the last page. */
public record RunPage(List<MlflowRun> runs, Optional<String> nextPageToken) {
  public RunPage {
    runs = List.copyOf(runs);
  }
}
