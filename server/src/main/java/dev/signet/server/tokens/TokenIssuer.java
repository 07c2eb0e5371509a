package dev.signet.server.tokens;

import dev.signet.TokenClaims;
import dev.signet.server.keys.SigningKeys;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Signs RFC 9068 access tokens ({@code typ: at+jwt}) with the server's current signing key:
 * {@code iss}, {@code sub} and {@code client_id} (the principal: a client-credentials grant has no
 * other resource owner), {@code aud}, {@code iat}, {@code exp} (now + the configured lifetime),
 * a random {@code jti}, {@code scope}, and {@code cnf.jkt} when the token is DPoP-bound.
 *
 * <p>Nothing is stored per token: the published keys verify it, and only a revocation is written.
 * Thread-safe.
 */
public final class TokenIssuer {
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * What a token grants.
   *
   * @param principal the client, {@code sub} and {@code client_id}
   * @param scopes the granted scopes (within the principal's)
   * @param audiences {@code aud}, at least one
   * @param jkt the RFC 7638 thumbprint of the DPoP proof key the token is bound to, or null
   */
  public record Grant(String principal, Set<String> scopes, List<String> audiences, @Nullable String jkt) {
    public Grant {
      Objects.requireNonNull(principal, "principal");
      scopes = Set.copyOf(scopes);
      audiences = List.copyOf(audiences);
      if (audiences.isEmpty()) {
        throw new IllegalArgumentException("a grant needs an audience");
      }
    }
  }

  /** A signed token and what the token response says about it. */
  public record Issued(String token, String jti, String kid, Instant expiresAt, Duration lifetime, String scope) {
    @Override
    public String toString() { // never the token
      return "Issued[jti=" + jti + ", kid=" + kid + ", expiresAt=" + expiresAt + ", scope=" + scope + "]";
    }
  }

  private final SigningKeys keys;
  private final String issuer;
  private final Duration lifetime;
  private final Clock clock;

  public TokenIssuer(SigningKeys keys, String issuer, Duration lifetime, Clock clock) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.issuer = Objects.requireNonNull(issuer, "issuer");
    this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Signs a token for {@code grant}. @throws dev.signet.UnavailableException if no signing key can sign here */
  public Issued issue(Grant grant) {
    Instant now = clock.instant();
    Instant expires = now.plus(lifetime);
    String jti = randomId();
    String scope = String.join(" ", new java.util.TreeSet<>(grant.scopes()));
    TokenClaims.Builder claims = TokenClaims.builder()
        .issuer(issuer)
        .subject(grant.principal())
        .audience(grant.audiences())
        .issuedAt(now)
        .expiresAt(expires)
        .id(jti)
        .claim("client_id", grant.principal())
        .claim("scope", scope);
    if (grant.jkt() != null) {
      Map<String, Object> cnf = new LinkedHashMap<>();
      cnf.put("jkt", grant.jkt());
      claims.claim("cnf", cnf);
    }
    dev.signet.TokenSigner signer = keys.signer();
    String token = signer.sign(claims.build(), "at+jwt");
    return new Issued(token, jti, signer.key().kid(), Instant.ofEpochSecond(expires.getEpochSecond()), lifetime, scope);
  }

  public String issuer() {
    return issuer;
  }

  public Duration lifetime() {
    return lifetime;
  }

  private static String randomId() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
