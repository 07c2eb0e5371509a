package dev.signet.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.impl.ECDSA;
import dev.signet.Algorithm;
import dev.signet.SigningKey;
import dev.signet.TokenClaims;
import dev.signet.TokenSigner;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The keys and tokens every benchmark verifies, for one algorithm. Keys come from a seeded
 * {@code SHA1PRNG}, so every fork (and so every library measured) gets the same RSA 2048, P-256
 * or Ed25519 key; claims are identical too (ECDSA signatures differ, being randomized).
 *
 * <p>Request tokens use the compatible profile ({@code username}, {@code time}, {@code nonce}),
 * {@link #POOL} of them with distinct nonces, all issued at {@link #ISSUED}; verifiers run on
 * {@link #CLOCK}, one second later, so time never pushes a token out of its window however long a
 * run lasts. Signing uses the JDK's providers whatever is being measured.
 */
final class Fixture {
  /** Distinct request tokens cycled through; a verifier (and its replay store) lives one cycle. */
  static final int POOL = 1024;
  static final String PRINCIPAL = "alice";
  static final String AUDIENCE = "https://api.example.com";
  static final String ISSUER = "https://auth.example.com";
  static final String RESOURCE = "orders-api";
  static final Instant ISSUED = Instant.parse("2026-01-01T00:00:00Z");
  static final Clock CLOCK = Clock.fixed(ISSUED.plusSeconds(1), ZoneOffset.UTC);

  final Algorithm algorithm;
  final SigningKey key;
  final List<String> requestTokens;
  final String accessToken;

  private Fixture(Algorithm algorithm) {
    this.algorithm = algorithm;
    this.key = deterministicKey(algorithm);
    TokenSigner signer = TokenSigner.of(key, Clock.fixed(ISSUED, ZoneOffset.UTC), null);
    List<String> tokens = new ArrayList<>(POOL);
    for (int i = 0; i < POOL; i++) {
      tokens.add(signer.requestToken(PRINCIPAL).nonce(String.format("bench-%06d", i)).sign());
    }
    this.requestTokens = List.copyOf(tokens);
    this.accessToken = signer.sign(TokenClaims.builder()
        .issuer(ISSUER).subject("client-7").audience(RESOURCE)
        .issuedAt(ISSUED).expiresAt(ISSUED.plusSeconds(300)).id("at-1")
        .claim("client_id", "client-7").claim("scope", "orders:read orders:write")
        .build(), "at+jwt");
  }

  static Fixture of(String algorithm) {
    return new Fixture(Algorithm.valueOf(algorithm));
  }

  PublicKey publicKey() {
    return key.publicKey().key();
  }

  /** What a raw JCA verify gets for token {@code i}: the signing input and the signature as JCA encodes it (DER for ECDSA). */
  RawInput raw(int i) {
    String token = requestTokens.get(i);
    int dot = token.lastIndexOf('.');
    byte[] input = token.substring(0, dot).getBytes(StandardCharsets.US_ASCII);
    byte[] jws = Base64.getUrlDecoder().decode(token.substring(dot + 1));
    try {
      return new RawInput(input, algorithm == Algorithm.ES256 ? ECDSA.transcodeSignatureToDER(jws) : jws);
    } catch (JOSEException e) {
      throw new IllegalStateException("not an ES256 signature", e);
    }
  }

  record RawInput(byte[] signingInput, byte[] signature) {}

  private static SigningKey deterministicKey(Algorithm algorithm) {
    try {
      SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
      seeded.setSeed(("signet-bench/" + algorithm).getBytes(StandardCharsets.UTF_8));
      KeyPairGenerator generator;
      switch (algorithm) {
        case RS256 -> {
          generator = KeyPairGenerator.getInstance("RSA", "SunRsaSign");
          generator.initialize(2048, seeded);
        }
        case ES256 -> {
          generator = KeyPairGenerator.getInstance("EC", "SunEC");
          generator.initialize(new ECGenParameterSpec("secp256r1"), seeded);
        }
        case EdDSA -> {
          generator = KeyPairGenerator.getInstance("Ed25519", "SunEC");
          generator.initialize(NamedParameterSpec.ED25519, seeded);
        }
        default -> throw new IllegalArgumentException("benchmarks cover RS256, ES256 and EdDSA, not " + algorithm);
      }
      return SigningKey.of(generator.generateKeyPair()).withAlgorithm(algorithm);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate the " + algorithm + " benchmark key", e);
    }
  }
}
