package dev.signet.cli;

import dev.signet.RequestContext;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** The HTTP request a token is bound to, from options; a bad method or URL is a usage error. */
final class Requests {
  private Requests() {}

  static RequestContext of(String method, String url, byte[] body, String option) {
    Usage.check(method.matches("[A-Za-z]{1,20}"), option + ": '" + method + "' is not an HTTP method");
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw CliError.usage(option + ": '" + url + "' is not a URL: " + e.getReason(), e);
    }
    try {
      return RequestContext.of(method.toUpperCase(Locale.ROOT), uri, body);
    } catch (IllegalArgumentException e) {
      throw CliError.usage(option + ": " + e.getMessage(), e);
    }
  }
}
