package dev.agentoutbox.queue;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Map;

/**
 * A terminal failure, stored as plain JSON by id (never read through Jesque's {@code FailureDAO},
 * which instantiates classes named in Redis).
 *
 * @param id the audit id, or {@code raw:<hash>} when the job has no readable id
 * @param auditId the audit id when known
 * @param reason why it is here
 * @param sink the sink that failed, when a sink failed
 * @param error the last error message
 * @param attempts attempts made
 * @param progress per-sink progress at the time of failure (kept on requeue)
 * @param firstFailureAt first failed attempt
 * @param lastFailureAt the terminal failure
 * @param worker the worker that gave up
 * @param job the raw job text as it was in Redis
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeadLetter(
    @JsonProperty("id") String id,
    @JsonProperty("audit_id") String auditId,
    @JsonProperty("reason") String reason,
    @JsonProperty("sink") String sink,
    @JsonProperty("error") String error,
    @JsonProperty("attempts") int attempts,
    @JsonProperty("progress") Map<String, String> progress,
    @JsonProperty("first_failure_at") Instant firstFailureAt,
    @JsonProperty("last_failure_at") Instant lastFailureAt,
    @JsonProperty("worker") String worker,
    @JsonProperty("job") String job) {

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .findAndRegisterModules()
          .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  public DeadLetter {
    progress = progress == null ? Map.of() : Map.copyOf(progress);
  }

  public String toJson() {
    try {
      return MAPPER.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Parses a stored entry as plain data. */
  public static DeadLetter fromJson(String json) {
    try {
      return MAPPER.readValue(json, DeadLetter.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("unreadable dead letter: " + e.getOriginalMessage(), e);
    }
  }
}
