package dev.agentoutbox.api.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;

/** Reading request bodies: JSON content type only, bounded size. */
public final class Bodies {
  private Bodies() {}

  /** Fails with 415 unless the request says {@code Content-Type: application/json}. */
  public static void requireJson(HttpExchange ex) throws ApiException {
    String type = ex.getRequestHeaders().getFirst("Content-Type");
    String mediaType = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (!mediaType.equals("application/json")) {
      throw new ApiException(
          415,
          "unsupported_media_type",
          "Content-Type must be application/json, was "
              + (type == null ? "absent" : "'" + type + "'"));
    }
  }

  /**
   * Reads the whole body, refusing one larger than {@code maxBytes} with 413; a declared
   * Content-Length over the limit is refused before reading.
   */
  public static byte[] read(HttpExchange ex, int maxBytes) throws ApiException, IOException {
    String declared = ex.getRequestHeaders().getFirst("Content-Length");
    if (declared != null) {
      try {
        if (Long.parseLong(declared.strip()) > maxBytes) {
          throw tooLarge(maxBytes);
        }
      } catch (NumberFormatException e) {
        throw new ApiException(400, "invalid_request", "Content-Length is not a number");
      }
    }
    try (InputStream in = ex.getRequestBody()) {
      byte[] body = in.readNBytes(maxBytes + 1);
      if (body.length > maxBytes) {
        throw tooLarge(maxBytes);
      }
      return body;
    }
  }

  private static ApiException tooLarge(int maxBytes) {
    return new ApiException(
        413,
        "payload_too_large",
        "request body larger than " + maxBytes + " bytes",
        java.util.List.of(),
        Map.of("Connection", "close"));
  }
}
