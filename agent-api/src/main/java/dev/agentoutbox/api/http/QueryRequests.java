package dev.agentoutbox.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentoutbox.agent.AgentRequest;
import dev.agentoutbox.payload.FieldError;
import dev.agentoutbox.payload.PayloadValidator;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Parses {@code POST /v1/query} bodies: {@code {"user_id","country","query","session_id"?}}. */
public final class QueryRequests {
  public static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");
  public static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
  public static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9_.:\\-]{1,128}");
  private static final Set<String> FIELDS = Set.of("user_id", "country", "query", "session_id");

  private QueryRequests() {}

  /**
   * @throws ApiException 400 {@code invalid_request} naming every offending field
   */
  public static AgentRequest parse(JsonNode body) throws ApiException {
    if (!body.isObject()) {
      throw invalid(List.of(new FieldError("$", "must be a JSON object")));
    }
    List<FieldError> errors = new ArrayList<>();
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!FIELDS.contains(f)) {
        errors.add(new FieldError(f, "unknown field"));
      }
    }
    String userId = text(body, "user_id", true, errors, USER_ID, "must match " + USER_ID.pattern());
    String country =
        text(
            body,
            "country",
            true,
            errors,
            COUNTRY,
            "must be an ISO 3166-1 alpha-2 code in upper case, such as IN");
    String query = text(body, "query", true, errors, null, null);
    if (query != null && query.length() > PayloadValidator.MAX_QUERY_LENGTH) {
      errors.add(
          new FieldError(
              "query", "longer than " + PayloadValidator.MAX_QUERY_LENGTH + " characters"));
    }
    String session =
        text(body, "session_id", false, errors, SESSION_ID, "must match " + SESSION_ID.pattern());
    if (!errors.isEmpty()) {
      throw invalid(errors);
    }
    return new AgentRequest(userId, country, query, Optional.ofNullable(session));
  }

  private static String text(
      JsonNode body,
      String field,
      boolean required,
      List<FieldError> errors,
      Pattern pattern,
      String patternMessage) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      if (required) {
        errors.add(new FieldError(field, "is required"));
      }
      return null;
    }
    if (!n.isTextual()) {
      errors.add(new FieldError(field, "must be a string"));
      return null;
    }
    String v = n.asText();
    if (v.isBlank()) {
      errors.add(new FieldError(field, "must not be blank"));
      return null;
    }
    if (pattern != null && !pattern.matcher(v).matches()) {
      errors.add(new FieldError(field, patternMessage));
      return null;
    }
    return v;
  }

  private static ApiException invalid(List<FieldError> errors) {
    StringBuilder reason = new StringBuilder("invalid query request: ");
    for (int i = 0; i < errors.size(); i++) {
      reason.append(i == 0 ? "" : "; ").append(errors.get(i));
    }
    return new ApiException(400, "invalid_request", reason.toString(), errors);
  }
}
