package dev.signet.internal;

import dev.signet.Rejection;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The JSON types of the registered JWS header parameters (RFC 7515 §4.1), checked before Nimbus
 * parses the header, so that a refusal names the parameter in Signet's words: Nimbus' messages
 * quote the offending value, and a {@code jku} of {@code "\r\nFORGED admin login ok"} would
 * reach the log as a line of its own.
 */
final class HeaderShape {
  private static final List<String> STRINGS = List.of("kid", "typ", "cty", "x5t", "x5t#S256");
  private static final List<String> URIS = List.of("jku", "x5u");

  private HeaderShape() {}

  static void check(Map<String, Object> header) {
    checkCritical(header.get("crit"));
    for (String name : STRINGS) {
      requireType(header, name, String.class, "a string");
    }
    for (String name : URIS) {
      requireType(header, name, String.class, "a string");
      if (header.get(name) instanceof String uri && !isUri(uri)) {
        throw new Reject(Rejection.MALFORMED, "invalid JWS header: parameter '" + name + "' is not a URI");
      }
    }
    requireType(header, "jwk", Map.class, "an object");
    requireType(header, "x5c", List.class, "an array");
    requireType(header, "b64", Boolean.class, "a boolean");
    if (Boolean.FALSE.equals(header.get("b64")) && !(header.get("crit") instanceof List<?> crit && crit.contains("b64"))) {
      // RFC 7797 §6: another signing input, which a verifier that ignores b64 computes differently;
      // with b64 in crit, as §6 requires, it is refused as a critical parameter Signet does not understand
      throw new Reject(Rejection.MALFORMED, "invalid JWS header: b64: false without 'b64' in crit (RFC 7797 §6)");
    }
  }

  /** RFC 7515 §4.1.11: when present, a non-empty array of parameter names. */
  private static void checkCritical(@Nullable Object crit) {
    if (crit == null) {
      return;
    }
    if (!(crit instanceof List<?> names)) {
      throw new Reject(Rejection.MALFORMED, "invalid JWS header: parameter 'crit' must be an array of parameter names, not " + ClaimReader.typeOf(crit));
    }
    if (names.isEmpty()) {
      throw new Reject(Rejection.MALFORMED, "invalid JWS header: parameter 'crit' is an empty array; RFC 7515 §4.1.11 allows only a non-empty one");
    }
    if (!names.stream().allMatch(n -> n instanceof String s && !s.isEmpty())) {
      throw new Reject(Rejection.MALFORMED, "invalid JWS header: parameter 'crit' must hold parameter names, each a non-empty string");
    }
  }

  private static void requireType(Map<String, Object> header, String name, Class<?> type, String description) {
    Object value = header.get(name);
    if (value != null && !type.isInstance(value)) {
      throw new Reject(Rejection.MALFORMED,
          "invalid JWS header: parameter '" + name + "' must be " + description + ", not " + ClaimReader.typeOf(value));
    }
  }

  private static boolean isUri(String value) {
    try {
      new URI(value);
      return true;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /** What to blame when Nimbus refuses a header that passed {@link #check}. */
  static String suspect(Map<String, Object> header) {
    return header.containsKey("jwk")
        ? "its 'jwk' parameter is not a public JWK Nimbus can read"
        : "a registered parameter has a value Nimbus cannot read";
  }
}
