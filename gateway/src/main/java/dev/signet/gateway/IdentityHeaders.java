package dev.signet.gateway;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.signet.VerifiedToken;
import dev.signet.web.Identity;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpField;

/**
 * The headers that tell an upstream who the verified caller is: {@code X-JWT-Sub},
 * {@code X-JWT-Iss} (access tokens), {@code X-JWT-Scope} (space-separated), {@code X-JWT-Claims}
 * (base64url of the claims' JSON, the exact values) and the route's claim mappings. A value that is
 * not printable ASCII is sent percent-encoded (UTF-8), so that no claim can split a header.
 */
final class IdentityHeaders {
  static final String PREFIX = "x-jwt-";
  // the claims' JSON of a cached token, made once: the engine hands out the same VerifiedToken on every cache hit
  private static final Cache<VerifiedToken, String> CLAIMS = Caffeine.newBuilder().weakKeys().maximumSize(50_000).build();

  private IdentityHeaders() {}

  static List<HttpField> of(Identity identity, Map<String, String> claimHeaders) {
    List<HttpField> fields = new ArrayList<>(4 + claimHeaders.size());
    fields.add(new HttpField("X-JWT-Sub", safe(identity.principal())));
    identity.issuer().ifPresent(iss -> fields.add(new HttpField("X-JWT-Iss", safe(iss))));
    if (!identity.scopes().isEmpty()) {
      fields.add(new HttpField("X-JWT-Scope", safe(String.join(" ", identity.scopes()))));
    }
    fields.add(new HttpField("X-JWT-Claims", CLAIMS.get(identity.token(),
        t -> Base64.getUrlEncoder().withoutPadding().encodeToString(t.claims().toJson().getBytes(StandardCharsets.UTF_8)))));
    for (Map.Entry<String, String> mapping : claimHeaders.entrySet()) {
      Optional<Object> value = identity.claims().claim(mapping.getValue());
      if (value.isPresent() && (value.get() instanceof String || value.get() instanceof Number || value.get() instanceof Boolean)) {
        fields.add(new HttpField(mapping.getKey(), safe(String.valueOf(value.get()))));
      }
    }
    return fields;
  }

  static boolean isIdentityHeader(String name) {
    return name.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
  }

  static String safe(String value) {
    if (value.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      return value;
    }
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c > 0x20 && c < 0x7f && c != '%') {
        out.append((char) c);
      } else {
        out.append('%').append(String.format(Locale.ROOT, "%02X", c));
      }
    }
    return out.toString();
  }
}
