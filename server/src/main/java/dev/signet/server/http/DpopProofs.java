package dev.signet.server.http;

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
import com.nimbusds.oauth2.sdk.dpop.verifiers.DPoPTokenRequestVerifier;
import com.nimbusds.oauth2.sdk.dpop.verifiers.InvalidDPoPProofException;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import com.nimbusds.oauth2.sdk.util.singleuse.AlreadyUsedException;
import com.nimbusds.oauth2.sdk.util.singleuse.SingleUseChecker;
import dev.signet.Algorithm;
import dev.signet.ReplayStore;
import dev.signet.UnusableKeyException;
import dev.signet.VerificationKey;
import dev.signet.internal.Htu;
import io.javalin.http.Context;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * DPoP proofs (RFC 9449) at this server, checked by the Nimbus OAuth SDK's verifiers as the web
 * module's resource-server {@code DpopProofs} does: {@code typ: dpop+jwt}, the algorithm, the
 * signature by the public key in the {@code jwk} header, {@code htm}, {@code htu}, {@code iat}
 * within the maximum age and the clock skew, and {@code jti} once; at a resource also {@code ath}
 * and the proof key = the token's {@code cnf.jkt}.
 *
 * <p>Before the SDK sees a proof, Signet bounds its size, refuses a {@code jwk} with private
 * members or one its key policy refuses (RSA under 2048 bits…), and matches {@code htu} against
 * the server's own public base URLs ({@link PublicOrigins}; scheme and host case-insensitive,
 * default ports implied), never against a {@code Host} header. {@code jti}s go to the request
 * tokens' {@link ReplayStore} (Redis when configured) under {@code dpop:<jkt>}.
 *
 * <p><b>Ed25519.</b> The SDK verifies RSA and EC proofs only, so an {@code EdDSA} (or {@code
 * Ed25519}) proof is refused ({@code invalid_dpop_proof} at the token endpoint, 401 at a resource),
 * and the metadata's {@code dpop_signing_alg_values_supported} lists RSA and EC algorithms only.
 * Clients with Ed25519 keys can still sign their client assertions with them; the DPoP key is a
 * separate key. Thread-safe.
 */
final class DpopProofs {
  static final Set<Algorithm> SUPPORTED = Set.copyOf(MetadataRoutes.DPOP_ALGORITHMS);
  static final int MAX_PROOF_LENGTH = 8192;
  private static final int MAX_JTI_LENGTH = 256;

  private final PublicOrigins origins;
  private final Set<JWSAlgorithm> algorithms;
  private final long skewSeconds;
  private final long maxAgeSeconds;
  private final SingleUseChecker<DPoPProofUse> once;
  private final DPoPProtectedResourceRequestVerifier resources;

  DpopProofs(PublicOrigins origins, Duration maxAge, Duration skew, ReplayStore replay, Clock clock) {
    this.origins = origins;
    this.algorithms = SUPPORTED.stream().map(a -> JWSAlgorithm.parse(a.name())).collect(Collectors.toUnmodifiableSet());
    this.skewSeconds = skew.toSeconds();
    this.maxAgeSeconds = maxAge.toSeconds();
    this.once = use -> {
      if (!replay.firstUse("dpop:" + use.getIssuer().getValue(), use.getJWTID().getValue(),
          clock.instant().plusSeconds(use.getMaxAge()).plus(skew))) {
        throw new AlreadyUsedException("DPoP proof jti already used");
      }
    };
    this.resources = new DPoPProtectedResourceRequestVerifier(algorithms, skewSeconds, maxAgeSeconds, once);
  }

  /** The request's one {@code DPoP} header, null when none; two or more are refused. */
  static @Nullable String header(Context ctx) {
    return header(Exchange.of(ctx));
  }

  /** The request's one {@code DPoP} header, null when none; two or more are refused. */
  static @Nullable String header(Exchange ex) {
    List<String> proofs = ex.headers("DPoP");
    if (proofs.size() > 1) {
      throw OAuthError.invalidDpopProof(proofs.size() + " DPoP headers");
    }
    return proofs.isEmpty() ? null : proofs.getFirst();
  }

  /**
   * Checks the proof of a token request (htm {@code POST}, htu the token endpoint under a public base).
   *
   * @return the proof key's RFC 7638 thumbprint, for {@code cnf.jkt}
   * @throws OAuthError {@code invalid_dpop_proof}
   * @throws dev.signet.ReplayStoreException if the replay store cannot record the jti
   */
  String forTokenRequest(String proof) {
    Parsed p = parse(proof);
    URI endpoint = p.htu == null ? null : Htu.match(p.htu, origins.bases().stream().map(b -> URI.create(b + TokenRoutes.TOKEN)).toList());
    if (endpoint == null) {
      throw OAuthError.invalidDpopProof("htu '" + printable(p.htu) + "' is not this token endpoint");
    }
    try {
      new DPoPTokenRequestVerifier(algorithms, endpoint, skewSeconds, maxAgeSeconds, once)
          .verify(new DPoPIssuer(p.jkt), p.jwt, (com.nimbusds.openid.connect.sdk.Nonce) null);
      return p.jkt;
    } catch (InvalidDPoPProofException | JOSEException e) {
      throw OAuthError.invalidDpopProof(String.valueOf(e.getMessage()));
    }
  }

  /**
   * Checks the proof that comes with a DPoP-bound access token at a resource of this server.
   *
   * @return null when it is good, else why not (for the log)
   * @throws dev.signet.ReplayStoreException if the replay store cannot record the jti
   */
  @Nullable String forResource(Exchange ex, String proof, String accessToken, String jkt) {
    Parsed p;
    try {
      p = parse(proof);
    } catch (OAuthError e) {
      return e.getMessage();
    }
    if (!p.jkt.equals(jkt)) {
      return "DPoP proof key is not the one the token is bound to (cnf.jkt)";
    }
    URI addressed = p.htu == null ? null
        : Htu.match(p.htu, origins.bases().stream().map(b -> URI.create(b + RequestUrls.escape(ex.path()))).toList());
    if (addressed == null) {
      return "DPoP proof htu '" + printable(p.htu) + "' is not this resource";
    }
    try {
      resources.verify(ex.method(), addressed, new DPoPIssuer(jkt), p.jwt, new DPoPAccessToken(accessToken),
          new JWKThumbprintConfirmation(new Base64URL(jkt)), (com.nimbusds.openid.connect.sdk.Nonce) null);
      return null;
    } catch (InvalidDPoPProofException | AccessTokenValidationException | JOSEException e) {
      return String.valueOf(e.getMessage());
    }
  }

  private record Parsed(SignedJWT jwt, @Nullable String htu, String jkt) {}

  private Parsed parse(String proof) {
    if (proof.length() > MAX_PROOF_LENGTH) {
      throw OAuthError.invalidDpopProof("DPoP proof is " + proof.length() + " characters; the limit is " + MAX_PROOF_LENGTH);
    }
    SignedJWT jwt;
    String htu;
    String jti;
    try {
      jwt = SignedJWT.parse(proof);
      htu = jwt.getJWTClaimsSet().getStringClaim("htu");
      jti = jwt.getJWTClaimsSet().getStringClaim("jti");
    } catch (ParseException e) {
      throw OAuthError.invalidDpopProof("DPoP proof cannot be parsed: " + e.getMessage());
    }
    if (jti != null && jti.length() > MAX_JTI_LENGTH) {
      throw OAuthError.invalidDpopProof("DPoP proof jti is longer than " + MAX_JTI_LENGTH);
    }
    String alg = jwt.getHeader().getAlgorithm().getName();
    Algorithm algorithm = Algorithm.fromJoseName(alg).orElse(null);
    if (algorithm == null || !SUPPORTED.contains(algorithm)) {
      throw OAuthError.invalidDpopProof("DPoP proof alg '" + printable(alg) + "' is not accepted; accepted: " + SUPPORTED
          + (alg.equals("EdDSA") || alg.equals("Ed25519") ? " (the OAuth SDK verifies RSA and EC proofs only)" : ""));
    }
    JWK jwk = jwt.getHeader().getJWK();
    if (jwk == null) {
      throw OAuthError.invalidDpopProof("DPoP proof has no jwk header");
    }
    if (jwk.isPrivate() || !(jwk instanceof AsymmetricJWK asymmetric)) {
      throw OAuthError.invalidDpopProof("DPoP proof jwk is not a public key");
    }
    try {
      VerificationKey.of(asymmetric.toPublicKey());
      return new Parsed(jwt, htu, jwk.computeThumbprint().toString());
    } catch (JOSEException | UnusableKeyException e) {
      throw OAuthError.invalidDpopProof("DPoP proof jwk is unusable: " + e.getMessage());
    }
  }


  private static String printable(@Nullable String text) {
    if (text == null) {
      return "(none)";
    }
    String escaped = String.valueOf(dev.signet.server.audit.SafeText.escape(text));
    return escaped.length() > 200 ? escaped.substring(0, 200) + "…" : escaped;
  }
}
