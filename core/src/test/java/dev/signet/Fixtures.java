package dev.signet;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import dev.signet.internal.Signatures;
import dev.signet.testing.MutableClock;
import dev.signet.testing.TestKeys;
import dev.signet.testing.TestTokens;
import java.nio.charset.StandardCharsets;
import java.security.Provider;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Shared names, keys and verifier set-ups for the verifier tests. Keys come from {@link TestKeys}
 * (cached per JVM); the clock is a {@link MutableClock} at a fixed instant so that messages with
 * times in them are exact.
 */
final class Fixtures {
  static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  static final String ALICE = "alice";
  static final String BOB = "bob";
  static final String AUDIENCE = "https://api.example.com";
  static final String ISSUER = "https://auth.example.com";

  private Fixtures() {}

  static MutableClock clock() {
    return MutableClock.at(NOW);
  }

  /** Alice's key: EC P-256, ES256. */
  static SigningKey alice() {
    return TestKeys.of(Algorithm.ES256, ALICE);
  }

  static SigningKey bob() {
    return TestKeys.of(Algorithm.ES256, BOB);
  }

  /** The attacker's own key, same type as alice's. */
  static SigningKey mallory() {
    return TestKeys.of(Algorithm.ES256, "mallory");
  }

  /** A request-token verifier that knows alice (alice's key) and bob (bob's key). */
  static RequestTokenVerifier.Builder requestVerifier(MutableClock clock) {
    InMemoryPrincipalKeys keys = new InMemoryPrincipalKeys()
        .add(ALICE, alice().publicKey())
        .add(BOB, bob().publicKey());
    return RequestTokenVerifier.builder(keys).audience(AUDIENCE).clock(clock);
  }

  /** An access-token verifier trusting the issuer key {@code key}, audience checked. */
  static TokenVerifier.Builder accessVerifier(MutableClock clock, VerificationKey... keys) {
    return TokenVerifier.builder(KeySource.of(keys)).issuer(ISSUER).audience(AUDIENCE).clock(clock);
  }

  /** The payload of a compact JWS as a JSON string. */
  static String payloadOf(String token) {
    return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
  }

  static String b64(String text) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * A token whose header and payload are exactly the given JSON texts (duplicate keys, odd
   * nesting…), validly signed by {@code key} with its own algorithm.
   */
  static String signRaw(SigningKey key, String headerJson, String payloadJson) {
    String input = b64(headerJson) + "." + b64(payloadJson);
    try {
      JWSSigner signer = Signatures.using(null).signer(key);
      return input + "." + signer.sign(new JWSHeader(Signatures.jwsAlgorithm(key.algorithm())), input.getBytes(StandardCharsets.US_ASCII));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The JCA providers signature checks run on: the JDK's, and ACCP as the server and CLI use it, where it loads. */
  enum Crypto {
    JDK,
    ACCP;

    /** The provider to hand to a verifier builder; null for the JDK's. */
    @Nullable Provider provider() {
      return this == JDK ? null : AmazonCorrettoCryptoProvider.INSTANCE;
    }

    static Stream<Crypto> available() {
      return Stream.of(values()).filter(c -> c == JDK || AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError() == null);
    }
  }

  /** The two verifiers, for the tests that apply to both. */
  enum Kind {
    REQUEST_TOKEN {
      @Override
      Harness trusting(MutableClock clock, @Nullable Provider provider, List<VerificationKey> keys) {
        InMemoryPrincipalKeys principals = new InMemoryPrincipalKeys();
        keys.forEach(k -> principals.add(ALICE, k));
        RequestTokenVerifier.Builder builder = RequestTokenVerifier.builder(principals).audience(AUDIENCE).clock(clock);
        RequestTokenVerifier verifier = (provider == null ? builder : builder.provider(provider)).build();
        return new Harness(
            verifier::verify,
            key -> TestTokens.signedBy(key).clock(clock).compatible(ALICE),
            "principal 'alice'",
            kid -> "no key with kid '" + kid + "' for principal 'alice'; known kids: " + keys.stream().map(VerificationKey::kid).toList());
      }
    },
    ACCESS_TOKEN {
      @Override
      Harness trusting(MutableClock clock, @Nullable Provider provider, List<VerificationKey> keys) {
        KeySource source = KeySource.of(keys);
        TokenVerifier.Builder builder = TokenVerifier.builder(source).issuer(ISSUER).audience(AUDIENCE).clock(clock);
        TokenVerifier verifier = (provider == null ? builder : builder.provider(provider)).build();
        return new Harness(
            verifier::verify,
            key -> TestTokens.signedBy(key).clock(clock).accessToken(ISSUER, ALICE, AUDIENCE, "orders:read"),
            "issuer '" + ISSUER + "'",
            kid -> "no key with kid '" + kid + "' for issuer '" + ISSUER + "'");
      }
    };

    /** This kind of verifier trusting {@code keys} (alice's keys, or the issuer's), on {@code provider} (null: the JDK's). */
    abstract Harness trusting(MutableClock clock, @Nullable Provider provider, List<VerificationKey> keys);

    Harness trusting(MutableClock clock, List<VerificationKey> keys) {
      return trusting(clock, null, keys);
    }

    Harness trusting(MutableClock clock, VerificationKey... keys) {
      return trusting(clock, null, List.of(keys));
    }
  }

  /**
   * One verifier and how to make its kind of token.
   *
   * @param owner how rejection details name the owner of the keys
   * @param unknownKid the detail for a kid the verifier does not know
   */
  record Harness(
      Function<String, Verification> verifier,
      Function<SigningKey, TestTokens.Builder> tokens,
      String owner,
      Function<String, String> unknownKid) {

    Verification verify(String token) {
      return verifier.apply(token);
    }

    /** A well-formed token of this verifier's kind, signed by {@code key}, for now. */
    TestTokens.Builder token(SigningKey key) {
      return tokens.apply(key);
    }
  }
}
