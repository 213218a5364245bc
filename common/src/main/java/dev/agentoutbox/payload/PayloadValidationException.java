package dev.agentoutbox.payload;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when a payload is not a valid Phase 8 record; lists every offending field. */
public final class PayloadValidationException extends Exception {
  private final transient List<FieldError> errors;

  public PayloadValidationException(List<FieldError> errors) {
    super(errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
    this.errors = List.copyOf(errors);
  }

  public List<FieldError> errors() {
    return errors;
  }
}
