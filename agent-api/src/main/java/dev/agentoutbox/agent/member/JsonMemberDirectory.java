package dev.agentoutbox.agent.member;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Members read once from JSON ({@code {"data_as_of": "...", "members": [...]}}); the reference
 * agent ships {@value #SAMPLE_RESOURCE}.
 */
public final class JsonMemberDirectory implements MemberDirectory {
  public static final String SAMPLE_RESOURCE = "/dev/agentoutbox/agent/members.json";

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private final Map<String, Member> byKey;

  private JsonMemberDirectory(Map<String, Member> byKey) {
    this.byKey = Map.copyOf(byKey);
  }

  /** The sample members shipped with the reference agent. */
  public static JsonMemberDirectory sample() {
    try (InputStream in = JsonMemberDirectory.class.getResourceAsStream(SAMPLE_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + SAMPLE_RESOURCE + " missing");
      }
      return read(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + SAMPLE_RESOURCE, e);
    }
  }

  /**
   * Reads a member file.
   *
   * @throws IllegalArgumentException naming the offending member and field
   */
  public static JsonMemberDirectory read(InputStream json) throws IOException {
    JsonNode root = MAPPER.readTree(json);
    LocalDate asOf = date(root, "data_as_of", "$");
    JsonNode members = root.path("members");
    if (!members.isArray()) {
      throw new IllegalArgumentException("members: must be an array");
    }
    Map<String, Member> byKey = new LinkedHashMap<>();
    for (int i = 0; i < members.size(); i++) {
      Member m = member(members.get(i), "members[" + i + "]", asOf);
      if (byKey.put(key(m.userId(), m.country()), m) != null) {
        throw new IllegalArgumentException(
            "members[" + i + "]: duplicate member " + m.userId() + "/" + m.country());
      }
    }
    return new JsonMemberDirectory(byKey);
  }

  @Override
  public Optional<Member> find(String userId, String country) {
    return Optional.ofNullable(byKey.get(key(userId, country)));
  }

  public int size() {
    return byKey.size();
  }

  private static String key(String userId, String country) {
    return userId + "\u0000" + country;
  }

  private static Member member(JsonNode n, String path, LocalDate asOf) {
    PensionableService service = null;
    JsonNode eps = n.get("eps_service");
    if (eps != null && !eps.isNull()) {
      service =
          new PensionableService(
              integer(eps, "years", path + ".eps_service"),
              integer(eps, "months", path + ".eps_service"));
    }
    return new Member(
        text(n, "user_id", path),
        text(n, "country", path),
        text(n, "name", path),
        text(n, "email", path),
        text(n, "phone", path),
        date(n, "date_of_birth", path),
        date(n, "date_of_joining", path),
        text(n, "account_number", path),
        text(n, "currency", path),
        service,
        optionalDecimal(n, "pensionable_salary", path),
        optionalDecimal(n, "epf_balance", path),
        asOf);
  }

  private static String text(JsonNode n, String field, String path) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new IllegalArgumentException(path + "." + field + ": must be a non-blank string");
    }
    return v.asText();
  }

  private static int integer(JsonNode n, String field, String path) {
    JsonNode v = n.get(field);
    if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) {
      throw new IllegalArgumentException(path + "." + field + ": must be an integer");
    }
    return v.intValue();
  }

  private static BigDecimal optionalDecimal(JsonNode n, String field, String path) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isNumber() || v.decimalValue().signum() < 0) {
      throw new IllegalArgumentException(path + "." + field + ": must be a number >= 0");
    }
    return v.decimalValue();
  }

  private static LocalDate date(JsonNode n, String field, String path) {
    String s = text(n, field, path);
    try {
      return LocalDate.parse(s);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(path + "." + field + ": must be a date like 2025-01-31");
    }
  }
}
