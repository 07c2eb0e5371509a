package dev.signet.server.storage;

import java.util.regex.Pattern;

/** JDBC URLs as they may appear in logs and messages: passwords masked. */
final class JdbcUrls {
  private static final Pattern PASSWORD_PARAMETER =
      Pattern.compile("(?i)(password=)[^&;]*");
  private static final Pattern USER_INFO = Pattern.compile("(//[^/@:]*:)[^/@]*@");

  private JdbcUrls() {}

  static String redact(String url) {
    String masked = PASSWORD_PARAMETER.matcher(url).replaceAll("$1***");
    return USER_INFO.matcher(masked).replaceFirst("$1***@");
  }
}
