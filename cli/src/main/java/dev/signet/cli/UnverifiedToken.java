package dev.signet.cli;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * A compact JWS split and decoded WITHOUT any check: for {@code token decode}, and for choosing
 * which principal's keys {@code token verify} looks up. Nothing read here is trusted.
 *
 * @param header the JOSE header
 * @param payload the claims
 * @param signatureBytes the length of the (unchecked) signature
 */
record UnverifiedToken(Map<String, Object> header, Map<String, Object> payload, int signatureBytes) {
  /** Longer tokens are not decoded; verifiers refuse far shorter ones. */
  static final int MAX_LENGTH = 65536;

  /** @throws IllegalArgumentException saying what is wrong, never quoting the token */
  static UnverifiedToken parse(String token) {
    if (token.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("the token is " + token.length() + " characters; at most " + MAX_LENGTH + " are decoded");
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length == 5) {
      throw new IllegalArgumentException("this is an encrypted JWT (JWE, 5 parts); only its recipient can read it");
    }
    if (parts.length != 3) {
      throw new IllegalArgumentException("not a JWT: expected 3 dot-separated parts, found " + parts.length);
    }
    Map<String, Object> header = object(parts[0], "header");
    Map<String, Object> payload = object(parts[1], "payload");
    return new UnverifiedToken(header, payload, decode(parts[2], "signature").length);
  }

  /** Parses without complaint: empty for anything that is not a readable JWT. */
  static Optional<UnverifiedToken> tryParse(String token) {
    try {
      return Optional.of(parse(token));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Who the token says it speaks for: {@code username} (compatible profile), else {@code sub}. */
  Optional<String> principal() {
    if (payload.get("username") instanceof String username) {
      return Optional.of(username);
    }
    return payload.get("sub") instanceof String sub ? Optional.of(sub) : Optional.empty();
  }

  Optional<String> type() {
    return header.get("typ") instanceof String typ ? Optional.of(typ) : Optional.empty();
  }

  private static Map<String, Object> object(String part, String what) {
    String json = new String(decode(part, what), StandardCharsets.UTF_8);
    return Json.parseObject(json).orElseThrow(() -> new IllegalArgumentException("the " + what + " is not a JSON object"));
  }

  private static byte[] decode(String part, String what) {
    try {
      return Base64.getUrlDecoder().decode(part);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the " + what + " is not base64url");
    }
  }
}
