package dev.agentoutbox.sink.mlflow;

import dev.agentoutbox.payload.AuditPayload;
import dev.agentoutbox.payload.LlmPhase;
import dev.agentoutbox.payload.LlmUsage;
import dev.agentoutbox.payload.Phase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the MLflow run of one audit record holds. Metric and tag names are fixed by existing
 * dashboards: {@code classification.cost_usd}, {@code synthesis.cost_usd}, {@code
 * validation.cost_usd}, {@code total.cost_usd}, {@code <phase>.duration_ms}.
 *
 * @param tags {@code audit_id}, {@code session_id}, {@code user_id}, {@code country}
 * @param metrics costs, durations and token counts, all at timestamp {@code completed_at}, step 0
 * @param params the model of each LLM phase and the schema version
 */
public record AuditRunContent(
    Map<String, String> tags, List<MetricPoint> metrics, Map<String, String> params) {

  public static final String TAG_AUDIT_ID = "audit_id";
  public static final String TAG_SESSION_ID = "session_id";
  public static final String TAG_USER_ID = "user_id";
  public static final String TAG_COUNTRY = "country";
  public static final String PARAM_SCHEMA_VERSION = "schema_version";
  public static final String METRIC_TOTAL_COST = "total.cost_usd";
  public static final long STEP = 0;

  public AuditRunContent {
    tags = Map.copyOf(tags);
    metrics = List.copyOf(metrics);
    params = Map.copyOf(params);
  }

  public static AuditRunContent of(AuditPayload p) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put(TAG_AUDIT_ID, p.auditId().toString());
    tags.put(TAG_SESSION_ID, p.sessionId());
    tags.put(TAG_USER_ID, p.userId());
    tags.put(TAG_COUNTRY, p.country());

    long ts = p.completedAt().toEpochMilli();
    List<MetricPoint> metrics = new ArrayList<>();
    Map<String, String> params = new LinkedHashMap<>();
    for (LlmPhase phase : LlmPhase.values()) {
      LlmUsage u = p.llmPhases().get(phase);
      if (u == null) {
        continue;
      }
      metrics.add(new MetricPoint(costMetric(phase), u.costUsd().doubleValue(), ts, STEP));
      metrics.add(new MetricPoint(phase.key() + ".input_tokens", u.inputTokens(), ts, STEP));
      metrics.add(new MetricPoint(phase.key() + ".output_tokens", u.outputTokens(), ts, STEP));
      params.put(phase.key() + ".model", u.model());
    }
    metrics.add(new MetricPoint(METRIC_TOTAL_COST, p.totalCostUsd().doubleValue(), ts, STEP));
    for (Phase phase : Phase.values()) {
      Long ms = p.phaseDurationsMs().get(phase);
      if (ms != null) {
        metrics.add(new MetricPoint(durationMetric(phase), ms, ts, STEP));
      }
    }
    params.put(PARAM_SCHEMA_VERSION, Integer.toString(p.schemaVersion()));
    return new AuditRunContent(tags, metrics, params);
  }

  public static String costMetric(LlmPhase phase) {
    return phase.key() + ".cost_usd";
  }

  public static String durationMetric(Phase phase) {
    return phase.key() + ".duration_ms";
  }
}
