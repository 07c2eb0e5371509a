package dev.signet.server.tokens;

import dev.signet.Rejection;
import dev.signet.TokenVerifier;
import dev.signet.Verification;
import dev.signet.VerifiedToken;
import dev.signet.server.keys.SigningKeys;
import java.security.Provider;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Verifies access tokens this server issued: {@code typ: at+jwt}, signed by a key the JWKS
 * publishes now ({@link SigningKeys#verificationKeys()}: a retired key past its retention verifies
 * nothing), {@code iss} = this issuer, unexpired, {@code exp - iat} within the configured lifetime,
 * and not revoked. Request tokens ({@code typ} absent or {@code JWT}) are refused by type.
 *
 * <p>Thread-safe.
 */
public final class IssuedTokens {
  /** The outcome: the verified token, or why not (for the log; clients learn only "inactive"). */
  public sealed interface Check {
    record Active(VerifiedToken token, @Nullable String jkt) implements Check {}

    record Inactive(String reason, String detail) implements Check {}
  }

  private final TokenVerifier verifier;
  private final Revocations revocations;

  public IssuedTokens(SigningKeys keys, String issuer, Duration lifetime, Duration clockSkew, Clock clock,
      Revocations revocations, @Nullable Provider provider) {
    TokenVerifier.Builder builder = TokenVerifier.builder(keys.verificationKeys())
        .issuer(issuer)
        .maxLifetime(lifetime)
        .clockSkew(clockSkew)
        .clock(clock);
    if (provider != null) {
      builder.provider(provider);
    }
    this.verifier = builder.build();
    this.revocations = Objects.requireNonNull(revocations, "revocations");
  }

  /**
   * Verifies {@code token} and looks up its revocation.
   *
   * @throws dev.signet.UnavailableException if the revocations cannot be read
   */
  public Check check(String token) {
    return switch (verifier.verify(token)) {
      case Verification.Invalid(Rejection reason, String detail) -> new Check.Inactive(reason.name(), detail);
      case Verification.Valid(VerifiedToken t) -> {
        if (t.tokenId().isEmpty()) {
          yield new Check.Inactive(Rejection.MISSING_CLAIM.name(), "no jti");
        }
        if (revocations.isRevoked(t.tokenId())) {
          yield new Check.Inactive("REVOKED", "jti " + t.tokenId() + " was revoked");
        }
        yield new Check.Active(t, jkt(t).orElse(null));
      }
    };
  }

  public Revocations revocations() {
    return revocations;
  }

  /** The thumbprint a token is DPoP-bound to ({@code cnf.jkt}), if it is. */
  public static Optional<String> jkt(VerifiedToken token) {
    if (token.claims().claim("cnf").orElse(null) instanceof Map<?, ?> cnf && cnf.get("jkt") instanceof String jkt) {
      return Optional.of(jkt);
    }
    return Optional.empty();
  }
}
