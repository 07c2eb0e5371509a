package dev.signet.web;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Base64;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The claims of a compact JWS, read <b>without verifying anything</b>: only to choose which
 * verifier to ask (by {@code iss}) and whether a request token binds the body ({@code bsh}).
 * Nothing read here is trusted; the verifier chosen checks it all again.
 */
final class Peek {
  private Peek() {}

  /** The payload's claims, or null when {@code token} is no compact JWS with a JSON object payload. */
  static @Nullable Map<String, Object> claims(String token) {
    int first = token.indexOf('.');
    int second = first < 0 ? -1 : token.indexOf('.', first + 1);
    if (second < 0 || token.indexOf('.', second + 1) >= 0) {
      return null;
    }
    try {
      byte[] payload = Base64.getUrlDecoder().decode(token.substring(first + 1, second));
      return JSONObjectUtils.parse(new String(payload, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException | ParseException e) {
      return null;
    }
  }

  static @Nullable String string(@Nullable Map<String, Object> claims, String name) {
    return claims != null && claims.get(name) instanceof String s ? s : null;
  }
}
