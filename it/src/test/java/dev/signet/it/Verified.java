package dev.signet.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.Algorithm;
import dev.signet.TokenProfile;
import dev.signet.Verification;
import dev.signet.VerifiedToken;

/** Unwraps a {@link Verification} that must be valid, failing with Signet's reason and detail otherwise. */
final class Verified {
  private Verified() {}

  static VerifiedToken valid(Verification verification) {
    return switch (verification) {
      case Verification.Valid(VerifiedToken token) -> token;
      case Verification.Invalid invalid -> throw new AssertionError("Signet refused the token: " + invalid.reason() + ": " + invalid.detail());
    };
  }

  /**
   * The valid request token of {@code principal} in {@code profile}, signed with {@code alg}, whose
   * token id is the payload's {@code nonce} (compatible) or {@code jti} (standard); for more checks.
   */
  static VerifiedToken requestToken(Verification verification, String token, String principal, TokenProfile profile, Algorithm alg) {
    VerifiedToken verified = valid(verification);
    assertThat(verified.principal()).isEqualTo(principal);
    assertThat(verified.profile()).isEqualTo(profile);
    assertThat(verified.algorithm()).isEqualTo(alg);
    String idClaim = profile == TokenProfile.COMPATIBLE ? "nonce" : "jti";
    assertThat(verified.tokenId()).isEqualTo(CompactJws.payload(token).get(idClaim).asText());
    return verified;
  }
}
