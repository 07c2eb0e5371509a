package dev.signet.internal;

import dev.signet.ContentEncryption;
import dev.signet.Decryption.Reason;
import dev.signet.KeyManagement;
import java.text.ParseException;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What is decided about a compact JWE before any key touches it, in linear time over text whose
 * length was bounded first: five parts, each the one base64url spelling of its bytes, a header
 * that is one JSON object of at most {@value #MAX_HEADER_CHARS} characters, and an {@code alg},
 * {@code enc} and {@code zip} from the allowed sets, no {@code crit}. PBES2 (and its {@code p2c}),
 * {@code RSA1_5}, {@code dir} and unknown names end here.
 */
final class JweHeaderCheck {
  static final int MAX_HEADER_CHARS = 8 * 1024;

  /** The refusal, thrown to stop at the first failed check. */
  static final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final Reason reason;
    final String detail;

    Refusal(Reason reason, String detail) {
      super(detail, null, false, false); // no stack trace per bad request
      this.reason = reason;
      this.detail = detail;
    }
  }

  record Checked(KeyManagement alg, ContentEncryption enc, boolean zip, @Nullable String kid, @Nullable String cty) {}

  private JweHeaderCheck() {}

  static Checked check(String jwe, Set<KeyManagement> algorithms, Set<ContentEncryption> encryptions) {
    int[] dots = new int[4];
    int found = 0;
    for (int i = jwe.indexOf('.'); i >= 0; i = jwe.indexOf('.', i + 1)) {
      if (found == 4) {
        throw new Refusal(Reason.MALFORMED, "not a compact JWE: more than five parts");
      }
      dots[found++] = i;
    }
    if (found != 4) {
      throw new Refusal(Reason.MALFORMED, "not a compact JWE: " + (found + 1) + " parts, expected five"
          + (found == 2 ? " (a JWS? the body must be encrypted)" : ""));
    }
    if (dots[0] > MAX_HEADER_CHARS) {
      throw new Refusal(Reason.MALFORMED, "the JWE header is " + dots[0] + " characters; at most " + MAX_HEADER_CHARS);
    }
    String[] names = {"header", "encrypted key", "IV", "ciphertext", "authentication tag"};
    byte[] header = null;
    for (int p = 0; p < 5; p++) {
      String part = jwe.substring(p == 0 ? 0 : dots[p - 1] + 1, p == 4 ? jwe.length() : dots[p]);
      try {
        byte[] bytes = StrictEncoding.base64Url(part, "JWE " + names[p]);
        if (p == 0) {
          header = bytes;
        }
      } catch (Reject e) {
        throw new Refusal(Reason.MALFORMED, e.detail());
      }
    }
    Map<String, Object> json;
    try {
      String text = StrictEncoding.utf8(java.util.Objects.requireNonNull(header), "JWE header");
      json = JsonCodec.parseObject(text);
      StrictEncoding.checkStrings(text, json, "JWE header");
    } catch (Reject e) {
      throw new Refusal(Reason.MALFORMED, e.detail());
    } catch (ParseException | RuntimeException e) {
      throw new Refusal(Reason.MALFORMED, "the JWE header is not a JSON object");
    }
    KeyManagement alg = named(json, "alg", algorithms, KeyManagement::fromJoseName);
    ContentEncryption enc = named(json, "enc", encryptions, ContentEncryption::fromJoseName);
    Object zip = json.get("zip");
    if (zip != null && !"DEF".equals(zip)) {
      throw new Refusal(Reason.UNSUPPORTED_ALGORITHM, "zip " + quote(zip) + " is not supported (only DEF)");
    }
    if (json.containsKey("crit")) {
      throw new Refusal(Reason.UNSUPPORTED_ALGORITHM, "the JWE header lists crit " + quote(json.get("crit"))
          + "; Signet understands no critical JWE parameter");
    }
    Object kid = json.get("kid");
    Object cty = json.get("cty");
    if ((kid != null && !(kid instanceof String)) || (cty != null && !(cty instanceof String))) {
      throw new Refusal(Reason.MALFORMED, "kid and cty must be strings");
    }
    return new Checked(alg, enc, zip != null, (String) kid, (String) cty);
  }

  private static <T> T named(Map<String, Object> json, String member, Set<T> allowed,
      java.util.function.Function<String, java.util.Optional<T>> lookup) {
    Object value = json.get(member);
    if (!(value instanceof String name)) {
      throw new Refusal(value == null ? Reason.MALFORMED : Reason.UNSUPPORTED_ALGORITHM,
          value == null ? "the JWE header has no " + member : member + " is not a string");
    }
    T known = lookup.apply(name).orElseThrow(() ->
        new Refusal(Reason.UNSUPPORTED_ALGORITHM, member + " " + quote(name) + " is refused or unknown"));
    if (!allowed.contains(known)) {
      throw new Refusal(Reason.UNSUPPORTED_ALGORITHM, member + " " + name + " is not allowed here (allowed: " + allowed + ")");
    }
    return known;
  }

  private static String quote(@Nullable Object value) {
    return "'" + SafeText.escape(String.valueOf(value), 64) + "'";
  }
}
