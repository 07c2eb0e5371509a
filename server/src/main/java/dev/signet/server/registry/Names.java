package dev.signet.server.registry;

import static dev.signet.server.registry.RegistryException.Reason.INVALID_JWKS_URI;
import static dev.signet.server.registry.RegistryException.Reason.INVALID_KID;
import static dev.signet.server.registry.RegistryException.Reason.INVALID_LABEL;
import static dev.signet.server.registry.RegistryException.Reason.INVALID_NAME;
import static dev.signet.server.registry.RegistryException.Reason.INVALID_ROLE;
import static dev.signet.server.registry.RegistryException.Reason.INVALID_SCOPE;

import java.net.URI;
import java.util.Collection;
import java.util.Collections;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The registry's input rules. Everything is checked before any SQL runs, with a message that
 * quotes the value {@linkplain #show shortened and escaped}.
 */
final class Names {
  static final int MAX_ROLES = 32;
  static final int MAX_SCOPES = 50;

  private static final Pattern ROLE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  // RFC 6749 §3.3 scope-token: %x21 / %x23-5B / %x5D-7E
  private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,128}");
  // unreserved and a few sub-delims of RFC 3986; '/' separates ASAP-style path segments
  private static final Pattern KID = Pattern.compile("[A-Za-z0-9._~:@+=/-]{1,256}");
  private static final Pattern DOT_SEGMENT = Pattern.compile("(^|/)\\.{1,2}(/|$)");
  private static final int MAX_LABEL = 256;
  private static final int MAX_URI = 2048;
  private static final int SHOWN = 48;

  private Names() {}

  static String principal(String name) {
    Objects.requireNonNull(name, "name");
    if (!isPrincipalText(name)) {
      throw new RegistryException(INVALID_NAME,
          "principal name must be 1-64 characters of [A-Za-z0-9._@-]: " + show(name));
    }
    if (name.equals(".") || name.equals("..")) {
      throw new RegistryException(INVALID_NAME, "principal name must not be '.' or '..'");
    }
    return name;
  }

  /**
   * {@code [A-Za-z0-9._@-]{1,64}}, the characters and length of a principal's name, without a regex:
   * the principal-key cache asks it on every request before it looks anything up.
   */
  static boolean isPrincipalText(String s) {
    if (s.isEmpty() || s.length() > 64) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '@' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  static String folded(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  static String kid(String kid) {
    if (!KID.matcher(kid).matches() || kid.startsWith("/") || kid.endsWith("/") || kid.contains("//")
        || DOT_SEGMENT.matcher(kid).find()) {
      throw new RegistryException(INVALID_KID,
          "kid must be 1-256 characters of [A-Za-z0-9._~:@+=/-], without empty, '.' or '..' path segments: "
              + show(kid));
    }
    return kid;
  }

  static Set<String> roles(Collection<String> roles) {
    return tokens(roles, ROLE, MAX_ROLES, "role", "1-64 characters of [A-Za-z0-9._:-]", INVALID_ROLE);
  }

  static Set<String> scopes(Collection<String> scopes) {
    return tokens(scopes, SCOPE, MAX_SCOPES, "scope",
        "1-128 printable ASCII characters without space, '\"' or '\\'", INVALID_SCOPE);
  }

  private static Set<String> tokens(Collection<String> values, Pattern pattern, int max, String what,
      String rule, RegistryException.Reason reason) {
    Objects.requireNonNull(values, what + "s");
    SortedSet<String> set = new TreeSet<>();
    for (String value : values) {
      if (value == null || !pattern.matcher(value).matches()) {
        throw new RegistryException(reason, what + " must be " + rule + ": " + show(value));
      }
      set.add(value);
    }
    if (set.size() > max) {
      throw new RegistryException(reason, "at most " + max + " " + what + "s, not " + set.size());
    }
    return Collections.unmodifiableSortedSet(set);
  }

  static @Nullable URI jwksUri(@Nullable URI uri) {
    if (uri == null) {
      return null;
    }
    // https only: keys fetched over plain http could be swapped in transit (and RemoteJwks refuses
    // http to any host but loopback, which would fail every request of the principal instead)
    if (!uri.isAbsolute() || uri.getHost() == null || uri.toString().length() > MAX_URI
        || !"https".equalsIgnoreCase(uri.getScheme())) {
      throw new RegistryException(INVALID_JWKS_URI,
          "jwks_uri must be an absolute https URI of at most " + MAX_URI + " characters: " + show(uri.toString()));
    }
    return uri;
  }

  static @Nullable String label(@Nullable String label) {
    if (label != null && (label.length() > MAX_LABEL || label.chars().anyMatch(Character::isISOControl))) {
      throw new RegistryException(INVALID_LABEL,
          "key label must be at most " + MAX_LABEL + " characters without control characters: " + show(label));
    }
    return label;
  }

  /** Control, format (e.g. right-to-left override) and space characters other than ' ' mislead in logs. */
  private static boolean hidesItself(char c) {
    int type = Character.getType(c);
    return Character.isISOControl(c) || type == Character.FORMAT || type == Character.SURROGATE
        || (Character.isWhitespace(c) && c != ' ') || (type == Character.SPACE_SEPARATOR && c != ' ');
  }

  /** {@code value} quoted for a message: invisible and control characters escaped, long values cut. */
  static String show(@Nullable String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder("'");
    int end = Math.min(value.length(), SHOWN);
    for (int i = 0; i < end; i++) {
      char c = value.charAt(i);
      if (hidesItself(c)) {
        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('\'');
    if (value.length() > SHOWN) {
      out.append("… (").append(value.length()).append(" characters)");
    }
    return out.toString();
  }
}
