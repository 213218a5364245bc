package dev.agentoutbox.api.metrics;

import java.util.List;

/** Writer for the Prometheus text exposition format 0.0.4. */
public final class PrometheusText {
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final StringBuilder out = new StringBuilder(4096);

  public void header(String name, String help, String type) {
    out.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  public void sample(String name, List<String> labelNames, List<String> labelValues, long value) {
    out.append(name);
    if (!labelNames.isEmpty()) {
      out.append('{');
      for (int i = 0; i < labelNames.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        out.append(labelNames.get(i))
            .append("=\"")
            .append(escapeLabel(labelValues.get(i)))
            .append('"');
      }
      out.append('}');
    }
    out.append(' ').append(value).append('\n');
  }

  public void gauge(String name, String help, long value) {
    header(name, help, "gauge");
    sample(name, List.of(), List.of(), value);
  }

  @Override
  public String toString() {
    return out.toString();
  }

  private static String escapeHelp(String s) {
    return s.replace("\\", "\\\\").replace("\n", "\\n");
  }

  private static String escapeLabel(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
