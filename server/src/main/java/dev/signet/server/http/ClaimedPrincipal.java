package dev.signet.server.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The principal a rejected token claims to be, for the log and the audit trail only: read from
 * the unverified payload, never trusted, cleaned of anything but name characters.
 */
final class ClaimedPrincipal {
  private static final Pattern NAME = Pattern.compile("\"(?:username|sub)\"\\s*:\\s*\"([A-Za-z0-9._@-]{1,64})\"");

  private ClaimedPrincipal() {}

  static @Nullable String of(String token) {
    int first = token.indexOf('.');
    int second = first < 0 ? -1 : token.indexOf('.', first + 1);
    if (second < 0 || second - first > 4096) {
      return null;
    }
    try {
      String payload = new String(Base64.getUrlDecoder().decode(token.substring(first + 1, second)), StandardCharsets.UTF_8);
      Matcher m = NAME.matcher(payload);
      return m.find() ? m.group(1) : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
