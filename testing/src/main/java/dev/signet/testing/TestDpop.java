package dev.signet.testing;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.signet.SigningKey;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Builds DPoP proofs (RFC 9449 §4) for tests: {@code typ: dpop+jwt}, the key's public JWK in the
 * header, {@code jti}, {@code htm}, {@code htu}, {@code iat} and, for a resource request,
 * {@code ath}. Any header or claim can be changed or removed, to make the proofs an attacker
 * would send. Nothing is checked.
 *
 * {@snippet :
 * SigningKey client = TestKeys.ec();
 * String token = TestTokens.signedBy(issuerKey).accessToken(issuer, "alice", "orders-api", "orders:read")
 *     .claim("cnf", Map.of("jkt", TestDpop.thumbprint(client))).sign();
 * String proof = TestDpop.proof(client).method("GET").url("https://api.example.com/orders").accessToken(token).sign();
 * }
 */
public final class TestDpop {
  private TestDpop() {}

  /** A proof signed by {@code key}, with its public key in the {@code jwk} header. */
  public static Builder proof(SigningKey key) {
    return new Builder(key);
  }

  /** The RFC 7638 thumbprint of {@code key}'s public half: what a bound token's {@code cnf.jkt} holds. */
  public static String thumbprint(SigningKey key) {
    return key.publicKey().thumbprint();
  }

  /** {@code ath}: base64url of the SHA-256 of the access token. */
  public static String ath(String accessToken) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Builds one proof. Not thread-safe. */
  public static final class Builder {
    private final TestTokens.Builder token;
    private Clock clock = Clock.systemUTC();
    private boolean issuedAtSet;

    private Builder(SigningKey key) {
      this.token = TestTokens.signedBy(key).header("typ", "dpop+jwt").header("kid", null).header("jwk", publicJwk(key))
          .claim("jti", UUID.randomUUID().toString());
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public Builder method(String method) {
      token.claim("htm", method);
      return this;
    }

    public Builder url(String url) {
      token.claim("htu", url);
      return this;
    }

    public Builder url(URI url) {
      return url(url.toString());
    }

    /** Binds the proof to {@code accessToken} ({@code ath}). */
    public Builder accessToken(String accessToken) {
      token.claim("ath", ath(accessToken));
      return this;
    }

    public Builder issuedAt(Instant at) {
      token.claim("iat", at.getEpochSecond());
      issuedAtSet = true;
      return this;
    }

    public Builder claim(String name, Object value) {
      token.claim(name, value);
      return this;
    }

    public Builder without(String claim) {
      token.without(claim);
      return this;
    }

    /** Any header parameter; a null value removes it. */
    public Builder header(String name, @Nullable Object value) {
      token.header(name, value);
      return this;
    }

    public String sign() {
      if (!issuedAtSet) {
        token.claim("iat", clock.instant().getEpochSecond());
      }
      return token.sign();
    }
  }

  private static Map<String, Object> publicJwk(SigningKey key) {
    try {
      return JSONObjectUtils.parse(key.publicKey().toJwk());
    } catch (java.text.ParseException e) {
      throw new IllegalStateException("cannot read the test key's JWK", e);
    }
  }
}
