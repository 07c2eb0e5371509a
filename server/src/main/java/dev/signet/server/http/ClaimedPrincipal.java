package dev.signet.server.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The principal a rejected token claims to be and the key it names, for the log and the audit
 * trail only: read from the unverified token, never trusted, cleaned of anything but name and
 * kid characters, and looked for only in parts of bounded size.
 */
record ClaimedPrincipal(@Nullable String name, @Nullable String kid) {
  private static final Pattern NAME = Pattern.compile("\"(?:username|sub)\"\\s*:\\s*\"([A-Za-z0-9._@-]{1,64})\"");
  private static final Pattern KID = Pattern.compile("\"kid\"\\s*:\\s*\"([A-Za-z0-9._~+/=-]{1,128})\"");
  private static final int MAX_PART = 4096;

  static ClaimedPrincipal of(String token) {
    int first = token.indexOf('.');
    int second = first < 0 ? -1 : token.indexOf('.', first + 1);
    if (second < 0) {
      return new ClaimedPrincipal(null, null);
    }
    return new ClaimedPrincipal(find(NAME, token, first + 1, second), find(KID, token, 0, first));
  }

  private static @Nullable String find(Pattern pattern, String token, int from, int to) {
    if (to - from > MAX_PART) {
      return null;
    }
    try {
      String json = new String(Base64.getUrlDecoder().decode(token.substring(from, to)), StandardCharsets.UTF_8);
      Matcher m = pattern.matcher(json);
      return m.find() ? m.group(1) : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
