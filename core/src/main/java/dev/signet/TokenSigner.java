package dev.signet;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import dev.signet.internal.Signatures;
import java.security.Provider;
import java.time.Clock;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Signs JWTs with one {@link SigningKey}: request tokens for a client ({@link #requestToken}), and
 * any claims for an issuer ({@link #sign}). The header carries the key's {@code kid} and
 * algorithm ({@code EdDSA} for Ed25519 keys unless the key is pinned to {@code Ed25519}).
 *
 * {@snippet :
 * TokenSigner signer = TokenSigner.of(SigningKey.parse(pem));
 * String token = signer.requestToken("alice").sign();                       // compatible profile
 * String bound = signer.requestToken("alice")
 *     .audience("https://api.example.com")                                 // standard profile
 *     .bind(RequestContext.of("POST", uri, body))                          // htm, htu, bsh
 *     .sign();
 * }
 *
 * <p>Immutable and thread-safe.
 */
public final class TokenSigner {
  private final SigningKey key;
  private final Clock clock;
  private final JWSSigner signer;

  private TokenSigner(SigningKey key, Clock clock, @Nullable Provider provider) {
    this.key = key;
    this.clock = clock;
    this.signer = Signatures.using(provider).signer(key);
  }

  /** A signer with the system clock and the JDK's providers. */
  public static TokenSigner of(SigningKey key) {
    return new TokenSigner(Objects.requireNonNull(key, "key"), Clock.systemUTC(), null);
  }

  /** A signer with a given clock and, when not null, a JCA provider (never installed globally). */
  public static TokenSigner of(SigningKey key, Clock clock, @Nullable Provider provider) {
    return new TokenSigner(Objects.requireNonNull(key, "key"), Objects.requireNonNull(clock, "clock"), provider);
  }

  /** Starts a request token for {@code principal}. */
  public RequestTokenBuilder requestToken(String principal) {
    return new RequestTokenBuilder(this, principal, clock);
  }

  /** Signs {@code claims} with header {@code typ: JWT}. */
  public String sign(TokenClaims claims) {
    return sign(claims, "JWT");
  }

  /** Signs {@code claims} with the given {@code typ} ({@code at+jwt} for RFC 9068 access tokens). */
  public String sign(TokenClaims claims, String type) {
    JWSHeader header =
        new JWSHeader.Builder(Signatures.jwsAlgorithm(key.algorithm()))
            .keyID(key.kid())
            .type(new JOSEObjectType(type))
            .build();
    JWSObject jws = new JWSObject(header, new Payload(claims.toJson()));
    try {
      jws.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("signing with " + key + " failed", e);
    }
    return jws.serialize();
  }

  public SigningKey key() {
    return key;
  }

  @Override
  public String toString() {
    return "TokenSigner[" + key + "]";
  }
}
