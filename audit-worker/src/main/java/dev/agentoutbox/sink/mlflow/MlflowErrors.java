package dev.agentoutbox.sink.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentoutbox.sink.SinkException;
import java.io.IOException;
import org.mlflow.tracking.MlflowClientException;
import org.mlflow.tracking.MlflowHttpException;

/** Classifies failures of the official MLflow client. */
final class MlflowErrors {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BODY_IN_MESSAGE = 500;

  private MlflowErrors() {}

  /**
   * 429, 408 and 5xx are transient, other HTTP statuses permanent; anything without an HTTP answer
   * (connection refused or reset, pool shut down by a rebuild, unparsable answer) is transient.
   */
  static MlflowCallException classify(String operation, Throwable t) {
    if (t instanceof MlflowHttpException h) {
      int status = h.getStatusCode();
      String body = h.getBodyMessage();
      String code = errorCode(body);
      SinkException.Kind kind =
          status == 429 || status == 408 || status >= 500
              ? SinkException.Kind.TRANSIENT
              : SinkException.Kind.PERMANENT;
      return new MlflowCallException(
          operation,
          kind,
          status,
          code,
          "HTTP " + status + " " + h.getReasonPhrase() + ": " + abbreviate(body),
          t);
    }
    if (t instanceof MlflowClientException && t.getCause() instanceof IOException io) {
      return new MlflowCallException(
          operation,
          SinkException.Kind.TRANSIENT,
          0,
          null,
          "no answer from the tracking server: " + io,
          t);
    }
    return new MlflowCallException(
        operation, SinkException.Kind.TRANSIENT, 0, null, "MLflow client failed: " + t, t);
  }

  private static String errorCode(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      JsonNode n = JSON.readTree(body);
      JsonNode code = n == null ? null : n.get("error_code");
      return code != null && code.isTextual() ? code.asText() : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static String abbreviate(String s) {
    if (s == null) {
      return "";
    }
    String oneLine = s.replaceAll("\\s+", " ").trim();
    return oneLine.length() <= MAX_BODY_IN_MESSAGE
        ? oneLine
        : oneLine.substring(0, MAX_BODY_IN_MESSAGE) + "...";
  }
}
