package dev.agentoutbox.sink.mlflow;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a log-batch into calls within MLflow's limits: at most {@value
 * MlflowGateway#MAX_METRICS_PER_BATCH} metrics, {@value MlflowGateway#MAX_PARAMS_PER_BATCH} params,
 * {@value MlflowGateway#MAX_TAGS_PER_BATCH} tags and {@value #MAX_ENTRIES_PER_BATCH} entries in
 * all.
 */
final class LogBatchChunks {
  static final int MAX_ENTRIES_PER_BATCH = 1000;

  record Chunk<M, P, T>(List<M> metrics, List<P> params, List<T> tags) {}

  private LogBatchChunks() {}

  static <M, P, T> List<Chunk<M, P, T>> split(List<M> metrics, List<P> params, List<T> tags) {
    List<Chunk<M, P, T>> chunks = new ArrayList<>();
    int mi = 0;
    int pi = 0;
    int ti = 0;
    do {
      int pn = Math.min(MlflowGateway.MAX_PARAMS_PER_BATCH, params.size() - pi);
      int tn = Math.min(MlflowGateway.MAX_TAGS_PER_BATCH, tags.size() - ti);
      int mn =
          Math.min(
              Math.min(MlflowGateway.MAX_METRICS_PER_BATCH, MAX_ENTRIES_PER_BATCH - pn - tn),
              metrics.size() - mi);
      chunks.add(
          new Chunk<>(
              List.copyOf(metrics.subList(mi, mi + mn)),
              List.copyOf(params.subList(pi, pi + pn)),
              List.copyOf(tags.subList(ti, ti + tn))));
      mi += mn;
      pi += pn;
      ti += tn;
    } while (mi < metrics.size() || pi < params.size() || ti < tags.size());
    return chunks;
  }
}
