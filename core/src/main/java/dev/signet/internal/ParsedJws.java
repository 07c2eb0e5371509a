package dev.signet.internal;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import dev.signet.Algorithm;
import dev.signet.Rejection;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A compact JWS split and decoded, nothing verified yet: the header (as Nimbus needs it for the
 * signature check), the algorithm, the claims and the signing input.
 *
 * <p>Parsing refuses, in this order: tokens over the size limit (before looking at a byte),
 * anything but three parts, a part that is not canonical base64url, a header that is not a JSON
 * object in well-formed UTF-8, a {@code crit} that is not a non-empty list of names, an
 * {@code alg} that is {@code none} in any spelling, HMAC, or unknown, and a payload that is not a
 * JSON object in well-formed UTF-8 ({@link StrictEncoding}: one token, one encoding).
 *
 * <p>Details never quote Nimbus' exception messages, which echo header values verbatim, and
 * quote the token's own values only through {@link #printable}.
 */
@SuppressWarnings("ArrayRecordComponent") // internal and short-lived: never compared or shared
public record ParsedJws(
    JWSHeader header, Algorithm algorithm, Map<String, Object> claims, byte[] signingInput, Base64URL signature) {

  /**
   * Headers already parsed, by their base64url text. A client sends the same header with every
   * token (alg, typ, kid), and parsing it is half the JSON work of a verify. Only headers that
   * parsed cleanly are kept, they are immutable, and the cache is bounded in entries and in the
   * length of what it keeps, so strange headers cost a parse each, never memory.
   */
  private static final com.github.benmanes.caffeine.cache.Cache<String, Header> HEADERS =
      com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(1024).executor(Runnable::run).build();
  private static final int MAX_CACHED_HEADER = 512;

  private record Header(JWSHeader header, Algorithm algorithm) {}

  public static ParsedJws parse(String token, int maxLength, Trace trace) {
    if (token.length() > maxLength) {
      throw new Reject(Rejection.TOO_LARGE, "token is " + token.length() + " characters; the limit is " + maxLength);
    }
    trace.pass("size", () -> token.length() + " characters (limit " + maxLength + ")");
    int dot1 = token.indexOf('.');
    int dot2 = dot1 < 0 ? -1 : token.indexOf('.', dot1 + 1);
    if (dot1 < 0 || dot2 < 0 || token.indexOf('.', dot2 + 1) >= 0) {
      throw new Reject(Rejection.MALFORMED,
          "not a compact JWS: expected 3 dot-separated parts, found " + (token.chars().filter(c -> c == '.').count() + 1));
    }
    Header parsed = header(token.substring(0, dot1));
    JWSHeader header = parsed.header();
    Algorithm algorithm = parsed.algorithm();
    trace.pass("header", () -> "alg " + algorithm + (header.getKeyID() == null ? ", no kid" : ", kid '" + printable(header.getKeyID()) + "'"));
    Map<String, Object> claims = json(token.substring(dot1 + 1, dot2), "payload");
    String signaturePart = token.substring(dot2 + 1);
    byte[] signature = StrictEncoding.base64Url(signaturePart, "signature");
    if (signature.length == 0) {
      throw new Reject(Rejection.MALFORMED, "the signature part is empty");
    }
    byte[] signingInput = token.substring(0, dot2).getBytes(StandardCharsets.US_ASCII);
    return new ParsedJws(header, algorithm, claims, signingInput, new DecodedBase64Url(signaturePart, signature));
  }

  private static Header header(String headerPart) {
    Header cached = HEADERS.getIfPresent(headerPart);
    if (cached != null) {
      return cached;
    }
    Map<String, Object> headerJson = json(headerPart, "header");
    HeaderShape.check(headerJson);
    Algorithm algorithm = algorithm(headerJson.get("alg"));
    Header parsed;
    try {
      parsed = new Header(JWSHeader.parse(headerJson, new Base64URL(headerPart)), algorithm);
    } catch (ParseException e) { // its message echoes the offending value: never pass it on
      throw new Reject(Rejection.MALFORMED, "invalid JWS header: " + HeaderShape.suspect(headerJson));
    }
    if (headerPart.length() <= MAX_CACHED_HEADER) {
      HEADERS.put(headerPart, parsed);
    }
    return parsed;
  }

  private static Algorithm algorithm(@Nullable Object alg) {
    if (!(alg instanceof String name)) {
      throw new Reject(Rejection.MALFORMED, "the header has no \"alg\" string");
    }
    return Algorithm.fromJoseName(name)
        .orElseThrow(() -> new Reject(Rejection.UNSUPPORTED_ALGORITHM, "alg \"" + printable(name) + "\" is never accepted"
            + (name.equalsIgnoreCase("none") ? " (unsigned)" : name.toUpperCase(java.util.Locale.ROOT).startsWith("HS") ? " (HMAC: shared secret)" : "")));
  }

  private static Map<String, Object> json(String part, String what) {
    String text = StrictEncoding.utf8(StrictEncoding.base64Url(part, what), what);
    Map<String, Object> object;
    try {
      object = JsonCodec.parseObject(text);
    } catch (ParseException | RuntimeException e) {
      throw new Reject(Rejection.MALFORMED, "the " + what + " is not a JSON object");
    }
    StrictEncoding.checkStrings(text, object, what);
    return object;
  }

  public Optional<String> kid() {
    return Optional.ofNullable(header.getKeyID());
  }

  /**
   * Refuses any {@code crit} header: Signet understands no extension that would need it. (An empty
   * or mistyped {@code crit} was refused as malformed by {@link #parse}.)
   */
  public void checkCritical(Trace trace) {
    var critical = header.getCriticalParams();
    if (critical != null && !critical.isEmpty()) {
      throw new Reject(Rejection.UNKNOWN_CRITICAL_HEADER, "critical header parameters "
          + critical.stream().sorted().limit(10).map(ParsedJws::printable).toList() + " are not understood");
    }
    trace.pass("crit", () -> "no critical header parameters");
  }

  /** Refuses a {@code typ} outside {@code accepted} (compared case-insensitively, {@code application/} optional). */
  public void checkType(List<String> accepted, boolean absentAllowed, Trace trace) {
    String typ = header.getType() == null ? null : header.getType().getType();
    if (typ == null) {
      if (!absentAllowed) {
        throw new Reject(Rejection.WRONG_TYPE, "typ is absent; expected one of " + accepted);
      }
      trace.pass("typ", () -> "absent (allowed)");
      return;
    }
    String bare = typ.regionMatches(true, 0, "application/", 0, 12) ? typ.substring(12) : typ;
    for (String a : accepted) {
      if (a.equalsIgnoreCase(bare)) {
        trace.pass("typ", () -> "\"" + typ + "\"");
        return;
      }
    }
    throw new Reject(Rejection.WRONG_TYPE, "typ is \"" + printable(typ) + "\"; expected one of " + accepted);
  }

  /** A value from the token made safe for a log line ({@link SafeText}), at most 64 characters. */
  public static String printable(String s) {
    return SafeText.escape(s, 64);
  }
}
