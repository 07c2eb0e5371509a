package dev.signet.server.storage;

import java.util.regex.Pattern;

/** Database and Redis URLs as they may appear in logs and messages: passwords masked. */
public final class UrlRedaction {
  private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password=)[^&;]*");
  private static final String MASK = "****";

  private UrlRedaction() {}

  /**
   * {@code url} with any password replaced by {@code ****}: a {@code password=} parameter, and
   * the user info of the authority ({@code //user:secret@host}, or {@code //secret@host} as Redis
   * URLs carry a bare password), which runs to the last {@code @} before the path's query, so a
   * password with an unencoded {@code @} or {@code /} in it is masked whole. The user name before
   * a colon is kept.
   */
  public static String redact(String url) {
    String masked = PASSWORD_PARAMETER.matcher(url).replaceAll("$1" + MASK);
    int authority = masked.indexOf("//");
    if (authority < 0) {
      return masked;
    }
    int start = authority + 2;
    int end = masked.length();
    for (int i = start; i < masked.length(); i++) {
      char c = masked.charAt(i);
      if (c == '?' || c == '#' || c == ';') {
        end = i;
        break;
      }
    }
    int at = masked.lastIndexOf('@', end - 1);
    if (at < start) {
      return masked;
    }
    String userInfo = masked.substring(start, at);
    int colon = userInfo.indexOf(':');
    String shown = colon >= 0 ? userInfo.substring(0, colon + 1) + MASK : MASK;
    return masked.substring(0, start) + shown + masked.substring(at);
  }
}
