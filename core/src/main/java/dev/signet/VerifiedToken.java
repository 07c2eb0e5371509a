package dev.signet;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A token that passed every check.
 *
 * @param principal who the token speaks for: {@code username} or {@code sub}
 * @param keyId the {@code kid} of the key that verified the signature
 * @param algorithm the signature algorithm
 * @param profile which kind of token this was
 * @param issuedAt {@code iat}, or {@code time} in the compatible profile
 * @param expiresAt {@code exp}; for the compatible profile, which has none, {@code time} plus the
 *     verifier's clock skew (the end of its acceptance window)
 * @param tokenId the {@code jti} or {@code nonce}; empty if an access token has no {@code jti}
 * @param claims every claim of the payload
 */
public record VerifiedToken(
    String principal,
    String keyId,
    Algorithm algorithm,
    TokenProfile profile,
    Instant issuedAt,
    Instant expiresAt,
    String tokenId,
    TokenClaims claims) {

  public VerifiedToken {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(tokenId, "tokenId");
    Objects.requireNonNull(claims, "claims");
  }

  /**
   * The binding claims the token carries ({@code htm}, {@code htu}, {@code qsh}, {@code bsh}), each
   * of which matched the request it was verified for; empty for a token bound to no request.
   */
  public Set<Binding> bindings() {
    EnumSet<Binding> present = EnumSet.noneOf(Binding.class);
    for (Binding b : Binding.values()) {
      if (claims.string(b.claim()).isPresent()) {
        present.add(b);
      }
    }
    return Collections.unmodifiableSet(present);
  }

  /** Whether {@code aud} names {@code audience} (in either profile; the standard one requires it). */
  public boolean isFor(String audience) {
    return claims.audience().contains(audience);
  }

  /** The granted scopes ({@code scope} or {@code scp}); empty for request tokens. */
  public Set<String> scopes() {
    return claims.scopes();
  }
}
