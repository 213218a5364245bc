package dev.agentoutbox.api.http;

import dev.agentoutbox.payload.FieldError;
import java.util.List;
import java.util.Map;

/** A request the API refuses; becomes a JSON error body {@code {"error","reason","fields"}}. */
public final class ApiException extends Exception {
  private final int status;
  private final String code;
  private final transient List<FieldError> fields;
  private final transient Map<String, String> headers;

  public ApiException(
      int status,
      String code,
      String reason,
      List<FieldError> fields,
      Map<String, String> headers) {
    super(reason);
    this.status = status;
    this.code = code;
    this.fields = List.copyOf(fields);
    this.headers = Map.copyOf(headers);
  }

  public ApiException(int status, String code, String reason) {
    this(status, code, reason, List.of(), Map.of());
  }

  public ApiException(int status, String code, String reason, List<FieldError> fields) {
    this(status, code, reason, fields, Map.of());
  }

  public int status() {
    return status;
  }

  /** Stable machine-readable error code, e.g. {@code invalid_request}. */
  public String code() {
    return code;
  }

  /** Human-readable reason; may echo request values, so it goes to the client, never to logs. */
  public String reason() {
    return getMessage();
  }

  public List<FieldError> fields() {
    return fields;
  }

  public Map<String, String> headers() {
    return headers;
  }
}
