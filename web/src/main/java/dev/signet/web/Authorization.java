package dev.signet.web;

import java.util.List;
import java.util.Locale;

/**
 * Reads the credential a request presents in {@code Authorization} (RFC 7235 / RFC 6750 §2.1):
 * exactly one such header, a scheme (case-insensitive), one or more spaces, and one
 * {@code b64token}; nothing before, between or after. Size is checked before anything else.
 */
final class Authorization {
  /** What the header holds. */
  sealed interface Presented {}

  /** No {@code Authorization} header. */
  record Missing() implements Presented {}

  /** More than one {@code Authorization} header (RFC 6750 §3.1: invalid_request). */
  record Duplicate() implements Presented {}

  /** A header that is not {@code scheme SP token}, or too large. */
  record Malformed(String detail) implements Presented {}

  /** A well-formed header in a scheme Signet does not take ({@code Basic}…). */
  record OtherScheme(String scheme) implements Presented {}

  /** A token in one of Signet's schemes. */
  record Token(Credential scheme, String token) implements Presented {}

  private Authorization() {}

  static Presented read(IncomingRequest request, int maxLength) {
    List<String> values = request.headers("Authorization");
    if (values.isEmpty()) {
      return new Missing();
    }
    if (values.size() > 1) {
      return new Duplicate();
    }
    String value = values.getFirst();
    if (value.length() > maxLength) {
      return new Malformed("Authorization header is " + value.length() + " characters; the limit is " + maxLength);
    }
    int space = value.indexOf(' ');
    if (space <= 0) {
      return new Malformed("Authorization header is not 'scheme token'");
    }
    String scheme = value.substring(0, space);
    if (!scheme.chars().allMatch(Authorization::isTokenChar)) {
      return new Malformed("Authorization scheme '" + LogText.escape(scheme) + "' is not an RFC 7235 token");
    }
    int start = space;
    while (start < value.length() && value.charAt(start) == ' ') {
      start++;
    }
    String token = value.substring(start);
    if (token.isEmpty()) {
      return new Malformed("no token after the scheme " + LogText.escape(scheme));
    }
    int equals = token.length();
    while (equals > 0 && token.charAt(equals - 1) == '=') {
      equals--;
    }
    for (int i = 0; i < equals; i++) {
      if (!isB64TokenChar(token.charAt(i))) {
        return new Malformed("the token holds a character a b64token cannot (at " + i + ")");
      }
    }
    return switch (scheme.toLowerCase(Locale.ROOT)) {
      case "bearer" -> new Token(Credential.BEARER, token);
      case "dpop" -> new Token(Credential.DPOP, token);
      case "jwt" -> new Token(Credential.REQUEST_TOKEN, token);
      default -> new OtherScheme(LogText.escape(scheme));
    };
  }

  private static boolean isTokenChar(int c) {
    return c > ' ' && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
  }

  private static boolean isB64TokenChar(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~+/".indexOf(c) >= 0;
  }
}
