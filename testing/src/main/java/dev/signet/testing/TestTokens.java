package dev.signet.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.signet.SigningKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Builds tokens for tests: the well-formed ones clients send, and the hostile ones attackers
 * send (any header, {@code alg: none}, HMAC keyed with a public key, a token carrying its own
 * {@code jwk}, validly signed parts in a second spelling: padded base64url, stray bits, bytes
 * that are not UTF-8). Nothing here is checked; that is the point.
 *
 * {@snippet :
 * String token = TestTokens.signedBy(TestKeys.rsa()).compatible("alice").sign();
 * String expired = TestTokens.signedBy(key).standard("alice", aud).issuedAt(clock.instant().minusSeconds(90)).sign();
 * String forged = TestTokens.signedBy(key).compatible("alice").header("alg", "none").unsigned();
 * }
 */
public final class TestTokens {
  private static final SecureRandom RANDOM = new SecureRandom();

  private TestTokens() {}

  /** A token signed by {@code key}, with its kid and algorithm in the header. */
  public static Builder signedBy(SigningKey key) {
    return new Builder(key);
  }

  /** Builds one token. Not thread-safe. */
  public static final class Builder {
    private final SigningKey key;
    private final Map<String, Object> header = new LinkedHashMap<>();
    private final Map<String, Object> claims = new LinkedHashMap<>();
    private Clock clock = Clock.systemUTC();

    private Builder(SigningKey key) {
      this.key = key;
      header.put("alg", key.algorithm().name());
      header.put("typ", "JWT");
      header.put("kid", key.kid());
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** {@code username}, {@code time} (now) and a random {@code nonce}. */
    public Builder compatible(String principal) {
      claims.put("username", principal);
      claims.put("time", clock.instant().getEpochSecond());
      claims.put("nonce", randomId());
      return this;
    }

    /** {@code iss} = {@code sub} = principal, {@code aud}, {@code iat} (now), {@code exp} (+30 s), {@code jti}. */
    public Builder standard(String principal, String audience) {
      long now = clock.instant().getEpochSecond();
      claims.put("iss", principal);
      claims.put("sub", principal);
      claims.put("aud", audience);
      claims.put("iat", now);
      claims.put("exp", now + 30);
      claims.put("jti", randomId());
      return this;
    }

    /** An RFC 9068 access token: {@code typ: at+jwt}, iss, sub, aud, iat, exp (+5 min), jti, scope. */
    public Builder accessToken(String issuer, String subject, String audience, String scope) {
      long now = clock.instant().getEpochSecond();
      header.put("typ", "at+jwt");
      claims.put("iss", issuer);
      claims.put("sub", subject);
      claims.put("aud", audience);
      claims.put("iat", now);
      claims.put("exp", now + 300);
      claims.put("jti", randomId());
      claims.put("client_id", subject);
      claims.put("scope", scope);
      return this;
    }

    /** Sets {@code time} or {@code iat} (whichever the profile uses) and moves {@code exp} with it. */
    public Builder issuedAt(Instant at) {
      long shift = at.getEpochSecond() - issuedAtSeconds();
      if (claims.containsKey("time")) {
        claims.put("time", at.getEpochSecond());
      } else {
        claims.put("iat", at.getEpochSecond());
        if (claims.get("exp") instanceof Number exp) {
          claims.put("exp", exp.longValue() + shift);
        }
      }
      return this;
    }

    /** {@code exp} = {@code iat} + {@code lifetime}. */
    public Builder expiringIn(Duration lifetime) {
      claims.put("exp", issuedAtSeconds() + lifetime.toSeconds());
      return this;
    }

    public Builder claim(String name, Object value) {
      claims.put(name, value);
      return this;
    }

    public Builder without(String claim) {
      claims.remove(claim);
      return this;
    }

    /** Any header parameter, {@code alg} included; a null value removes it. */
    public Builder header(String name, @Nullable Object value) {
      if (value == null) {
        header.remove(name);
      } else {
        header.put(name, value);
      }
      return this;
    }

    /** Signed by the key, whatever the header says. */
    public String sign() {
      return signEncoded(encodedHeader(), encodedPayload());
    }

    /** The header part as {@link #sign()} sends it: base64url (no padding) of its JSON. */
    public String encodedHeader() {
      return b64(JSONObjectUtils.toJSONString(header));
    }

    /** The payload part as {@link #sign()} sends it: base64url (no padding) of the claims' JSON. */
    public String encodedPayload() {
      return b64(JSONObjectUtils.toJSONString(claims));
    }

    /**
     * Validly signed by the key over exactly these two parts, however they are spelt: base64url
     * with {@code =} padding or non-zero spare bits, or the {@link #encode encoding} of bytes that
     * are not UTF-8 or not JSON. The header and claims set on this builder are not used.
     */
    public String signEncoded(String headerPart, String payloadPart) {
      String input = headerPart + "." + payloadPart;
      try {
        return input + "." + signer().sign(realHeader(), input.getBytes(StandardCharsets.US_ASCII));
      } catch (JOSEException e) {
        throw new IllegalStateException("cannot sign test token", e);
      }
    }

    /** With an empty signature, as {@code alg: none} tokens are (set the alg with {@link #header}). */
    public String unsigned() {
      return signingInput() + ".";
    }

    /**
     * Signed with HMAC-SHA256 keyed by {@code secret}: algorithm confusion, when the secret is the
     * bytes of the victim's public key. Sets {@code alg: HS256}.
     */
    public String hmacSignedWith(byte[] secret) {
      header.put("alg", "HS256");
      String input = signingInput();
      try {
        return input + "." + new MACSigner(pad(secret)).sign(new JWSHeader(JWSAlgorithm.HS256), input.getBytes(StandardCharsets.US_ASCII));
      } catch (JOSEException e) {
        throw new IllegalStateException("cannot HMAC test token", e);
      }
    }

    /** The token with a signature of {@code length} zero bytes (e.g. 64 for ES256's r = s = 0). */
    public String zeroSignature(int length) {
      return signingInput() + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[length]);
    }

    private long issuedAtSeconds() {
      Object t = claims.containsKey("time") ? claims.get("time") : claims.get("iat");
      return t instanceof Number n ? n.longValue() : clock.instant().getEpochSecond();
    }

    private String signingInput() {
      return encodedHeader() + "." + encodedPayload();
    }

    private JWSHeader realHeader() {
      return new JWSHeader(JWSAlgorithm.parse(key.algorithm().name()));
    }

    private JWSSigner signer() throws JOSEException {
      return switch (key.type()) {
        case RSA -> new RSASSASigner(key.privateKey());
        case EC -> new ECDSASigner(key.privateKey(), Curve.forJWSAlgorithm(JWSAlgorithm.parse(key.algorithm().name())).iterator().next());
        case OKP -> {
          try {
            yield new Ed25519Signer(OctetKeyPair.parse(key.toJwk()));
          } catch (java.text.ParseException e) {
            throw new JOSEException("bad Ed25519 key", e);
          }
        }
      };
    }

    private static byte[] pad(byte[] secret) {
      return secret.length >= 32 ? secret : java.util.Arrays.copyOf(secret, 32);
    }

    private static String b64(String json) {
      return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** base64url without padding of any bytes, such as JSON that is not valid UTF-8, for {@link Builder#signEncoded}. */
  public static String encode(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String randomId() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
