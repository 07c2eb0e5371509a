package dev.signet.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Reads and alters the parts of a compact JWS, unverified: for assertions and for tampering. */
final class CompactJws {
  private CompactJws() {}

  static JsonNode header(String token) {
    return part(token, 0);
  }

  static JsonNode payload(String token) {
    return part(token, 1);
  }

  /** The token with one payload claim replaced and the original signature kept. */
  static String withClaim(String token, String name, String value) {
    String[] parts = token.split("\\.", -1);
    ObjectNode payload = (ObjectNode) payload(token);
    payload.put(name, value);
    try {
      parts[1] = Base64.getUrlEncoder().withoutPadding().encodeToString(ForeignScript.JSON.writeValueAsBytes(payload));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return String.join(".", parts);
  }

  private static JsonNode part(String token, int index) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw new AssertionError("not a compact JWS: " + parts.length + " parts");
    }
    try {
      return ForeignScript.JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[index]), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
