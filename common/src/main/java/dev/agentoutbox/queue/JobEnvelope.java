package dev.agentoutbox.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentoutbox.payload.AuditPayload;
import dev.agentoutbox.payload.PayloadCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import net.greghaines.jesque.Job;
import net.greghaines.jesque.json.ObjectMapperFactory;

/**
 * The Jesque job that carries a Phase 8 payload: {@code {"class":"Phase8Job","args":["<payload
 * JSON>"]}}. The payload travels as a JSON <em>string</em> so its decimal costs are never rounded
 * through a double by Jesque's mapper.
 */
public final class JobEnvelope {
  /** The one job class name the worker accepts. */
  public static final String JOB_CLASS = "Phase8Job";

  private static final ObjectMapper PLAIN = new ObjectMapper();

  private JobEnvelope() {}

  /** The Jesque job JSON for a payload. */
  public static String toJobJson(AuditPayload payload) {
    return toJobJson(PayloadCodec.toJson(payload));
  }

  /** The Jesque job JSON for a payload already in JSON form. */
  public static String toJobJson(String payloadJson) {
    try {
      return ObjectMapperFactory.get().writeValueAsString(new Job(JOB_CLASS, payloadJson));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The audit id carried by a job, read leniently (for dead letters of malformed jobs): the id when
   * it can be found, empty otherwise.
   */
  public static Optional<String> auditIdOf(String jobJson) {
    try {
      JsonNode job = PLAIN.readTree(jobJson);
      JsonNode args = job == null ? null : job.get("args");
      if (args == null || !args.isArray() || args.isEmpty()) {
        return Optional.empty();
      }
      JsonNode first = args.get(0);
      JsonNode payload = first.isTextual() ? PLAIN.readTree(first.asText()) : first;
      JsonNode id = payload == null ? null : payload.get("audit_id");
      return id != null && id.isTextual() && !id.asText().isBlank()
          ? Optional.of(id.asText())
          : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * The dead-letter id for a job: its audit id when readable, else {@code raw:<sha256 prefix>} of
   * the raw text, so the same broken job always maps to the same entry.
   */
  public static String deadLetterId(String jobJson) {
    return auditIdOf(jobJson).orElseGet(() -> "raw:" + sha256(jobJson).substring(0, 24));
  }

  private static String sha256(String s) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
