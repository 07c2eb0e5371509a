package dev.signet.web;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.dpop.JWKThumbprintConfirmation;
import com.nimbusds.oauth2.sdk.dpop.verifiers.AccessTokenValidationException;
import com.nimbusds.oauth2.sdk.dpop.verifiers.DPoPIssuer;
import com.nimbusds.oauth2.sdk.dpop.verifiers.DPoPProofUse;
import com.nimbusds.oauth2.sdk.dpop.verifiers.DPoPProtectedResourceRequestVerifier;
import com.nimbusds.oauth2.sdk.dpop.verifiers.InvalidDPoPProofException;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import com.nimbusds.oauth2.sdk.util.singleuse.AlreadyUsedException;
import com.nimbusds.oauth2.sdk.util.singleuse.SingleUseChecker;
import dev.signet.Algorithm;
import dev.signet.ReplayStore;
import dev.signet.UnusableKeyException;
import dev.signet.VerificationKey;
import dev.signet.internal.Htu;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Checks DPoP proofs at the resource server (RFC 9449 §4.3, §7.1) with the Nimbus OAuth SDK's
 * {@link DPoPProtectedResourceRequestVerifier}: {@code typ: dpop+jwt}, the algorithm, the
 * signature by the public key in the proof's {@code jwk} header, {@code htm}, {@code htu},
 * {@code iat} within the maximum age, {@code jti} used once, {@code ath} = SHA-256 of the access
 * token, and the proof key's thumbprint = the token's {@code cnf.jkt}.
 *
 * <p>Before the SDK sees a proof, Signet bounds its size, refuses a {@code jwk} with private
 * members or one that breaks its key policy (RSA under 2048 bits…), refuses a proof key other
 * than the token's (so such a proof consumes no {@code jti}), and picks the {@code htu} among the
 * application's public URLs (scheme and host case-insensitive, default ports implied). The SDK
 * verifies RSA and EC proofs only: an {@code EdDSA} proof is refused, whatever the token.
 *
 * <p>{@code jti}s go to the {@link ReplayStore} under the proof key's thumbprint, kept until the
 * proof could no longer be accepted. The SDK reads the system clock for {@code iat}. Thread-safe.
 */
final class DpopProofs {
  /** What the SDK verifies: RSA and EC (not EdDSA). */
  static final Set<Algorithm> SUPPORTED = EnumSet.of(Algorithm.RS256, Algorithm.RS384, Algorithm.RS512,
      Algorithm.PS256, Algorithm.PS384, Algorithm.PS512, Algorithm.ES256, Algorithm.ES384, Algorithm.ES512);
  static final int MAX_PROOF_LENGTH = 8192;
  private static final int MAX_JTI_LENGTH = 256;

  private final Set<Algorithm> algorithms;
  private final DPoPProtectedResourceRequestVerifier verifier;

  DpopProofs(Set<Algorithm> algorithms, Duration maxAge, Duration skew, ReplayStore replay, Clock clock) {
    this.algorithms = algorithms;
    Set<JWSAlgorithm> jws = algorithms.stream().map(a -> JWSAlgorithm.parse(a.name())).collect(Collectors.toUnmodifiableSet());
    SingleUseChecker<DPoPProofUse> once = use -> {
      if (!replay.firstUse("dpop:" + use.getIssuer().getValue(), use.getJWTID().getValue(),
          clock.instant().plusSeconds(use.getMaxAge()).plus(skew))) {
        throw new AlreadyUsedException("DPoP proof jti already used");
      }
    };
    this.verifier = new DPoPProtectedResourceRequestVerifier(jws, skew.toSeconds(), maxAge.toSeconds(), once);
  }

  /** The algorithms a proof may use, for the {@code DPoP} challenge's {@code algs}. */
  Set<Algorithm> algorithms() {
    return algorithms;
  }

  /**
   * Checks {@code proof} for a request; null when it is good, else why not (for the log).
   *
   * @param resourceUris the URLs (no query) this request may have been addressed to
   * @throws dev.signet.ReplayStoreException if the replay store cannot record the jti
   */
  @Nullable String check(String proof, String method, List<URI> resourceUris, String accessToken, String jkt) {
    if (proof.length() > MAX_PROOF_LENGTH) {
      return "DPoP proof is " + proof.length() + " characters; the limit is " + MAX_PROOF_LENGTH;
    }
    SignedJWT jwt;
    String htu;
    String jti;
    try {
      jwt = SignedJWT.parse(proof);
      htu = jwt.getJWTClaimsSet().getStringClaim("htu");
      jti = jwt.getJWTClaimsSet().getStringClaim("jti");
    } catch (ParseException e) {
      return "DPoP proof cannot be parsed: " + e.getMessage();
    }
    String refused = checkHeader(jwt, jkt);
    if (refused != null) {
      return refused;
    }
    if (jti != null && jti.length() > MAX_JTI_LENGTH) {
      return "DPoP proof jti is longer than " + MAX_JTI_LENGTH;
    }
    URI addressed = htu == null ? null : Htu.match(htu, resourceUris);
    if (addressed == null) {
      return "DPoP proof htu '" + (htu == null ? "(none)" : LogText.escape(htu)) + "' is not this resource; expected one of " + resourceUris;
    }
    try {
      verifier.verify(method, addressed, new DPoPIssuer(jkt), jwt, new DPoPAccessToken(accessToken),
          new JWKThumbprintConfirmation(new Base64URL(jkt)), null, null);
      return null;
    } catch (InvalidDPoPProofException | AccessTokenValidationException | JOSEException e) {
      return String.valueOf(e.getMessage());
    }
  }

  private @Nullable String checkHeader(SignedJWT jwt, String jkt) {
    String alg = jwt.getHeader().getAlgorithm().getName();
    Algorithm algorithm = Algorithm.fromJoseName(alg).orElse(null);
    if (algorithm == null || !algorithms.contains(algorithm)) {
      return "DPoP proof alg '" + LogText.escape(alg) + "' is not accepted; accepted: " + algorithms
          + (alg.equals("EdDSA") || alg.equals("Ed25519") ? " (the OAuth SDK verifies RSA and EC proofs only)" : "");
    }
    JWK jwk = jwt.getHeader().getJWK();
    if (jwk == null) {
      return "DPoP proof has no jwk header";
    }
    if (jwk.isPrivate()) {
      return "DPoP proof jwk holds a private key";
    }
    try {
      if (!(jwk instanceof AsymmetricJWK asymmetric)) {
        return "DPoP proof jwk is not a public key";
      }
      VerificationKey.of(asymmetric.toPublicKey());
      if (!jwk.computeThumbprint().toString().equals(jkt)) {
        return "DPoP proof key is not the one the token is bound to (cnf.jkt)";
      }
    } catch (JOSEException | UnusableKeyException e) {
      return "DPoP proof jwk is unusable: " + e.getMessage();
    }
    return null;
  }
}
