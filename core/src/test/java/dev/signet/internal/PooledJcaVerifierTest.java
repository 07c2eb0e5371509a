package dev.signet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.impl.ECDSA;
import com.nimbusds.jose.util.Base64URL;
import dev.signet.Algorithm;
import dev.signet.KeyType;
import dev.signet.SigningKey;
import dev.signet.testing.TestKeys;
import java.nio.charset.StandardCharsets;
import java.security.Provider;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link PooledJcaVerifier} reuses initialised {@code Signature} objects between checks; a reused
 * object must give exactly the answer a fresh one gives, whatever the previous check did: accept,
 * refuse, or throw on a malformed signature. Run on the JDK's providers and on ACCP.
 */
class PooledJcaVerifierTest {

  static Stream<Arguments> cases() {
    List<@Nullable Provider> providers = new ArrayList<>();
    providers.add(null);
    if (AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError() == null) {
      providers.add(AmazonCorrettoCryptoProvider.INSTANCE);
    }
    return providers.stream().flatMap(p -> Stream.of(Algorithm.RS256, Algorithm.RS512, Algorithm.ES256, Algorithm.ES384, Algorithm.ES512, Algorithm.EdDSA)
        .map(alg -> Arguments.of(alg, p == null ? "jdk" : "accp", p)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void verify_interleavedGoodBadAndMalformed_eachAnsweredAsByAFreshSignature(Algorithm alg, String name, @Nullable Provider provider)
      throws Exception {
    SigningKey key = TestKeys.of(alg);
    PooledJcaVerifier verifier = verifier(key, provider);
    byte[] input = "header.payload".getBytes(StandardCharsets.US_ASCII);
    byte[] good = sign(key, input);
    byte[] flipped = good.clone();
    flipped[flipped.length / 2] ^= 1;
    byte[] otherInput = "header.other".getBytes(StandardCharsets.US_ASCII);

    for (int round = 0; round < 3; round++) {
      assertThat(check(verifier, alg, input, good)).isTrue();
      assertThat(check(verifier, alg, input, flipped)).isFalse();
      assertThat(check(verifier, alg, input, good)).as("after a refused signature").isTrue();
      assertThat(check(verifier, alg, otherInput, good)).isFalse();
      assertThat(check(verifier, alg, input, new byte[good.length])).isFalse();
      assertThat(check(verifier, alg, input, Arrays.copyOf(good, good.length - 1))).isFalse();
      assertThat(check(verifier, alg, input, new byte[0])).isFalse();
      assertThat(check(verifier, alg, input, good)).as("after malformed signatures").isTrue();
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void verify_manyThreadsAtOnce_everyAnswerRight(Algorithm alg, String name, @Nullable Provider provider) throws Exception {
    SigningKey key = TestKeys.of(alg);
    SigningKey other = SigningKey.generate(alg);
    PooledJcaVerifier verifier = verifier(key, provider);
    byte[] input = "concurrent.input".getBytes(StandardCharsets.US_ASCII);
    byte[] good = sign(key, input);
    byte[] foreign = sign(other, input);
    List<Callable<Boolean>> checks = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      boolean valid = i % 3 != 0;
      checks.add(() -> check(verifier, alg, input, valid ? good : foreign) == valid);
    }

    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      for (Future<Boolean> answer : pool.invokeAll(checks)) {
        assertThat(answer.get()).isTrue();
      }
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void verify_otherAlgorithmInHeader_refusedWithoutChecking(Algorithm alg, String name, @Nullable Provider provider) throws Exception {
    SigningKey key = TestKeys.of(alg);
    byte[] input = "x.y".getBytes(StandardCharsets.US_ASCII);

    boolean accepted = verifier(key, provider).verify(new JWSHeader(JWSAlgorithm.PS256), input, Base64URL.encode(sign(key, input)));

    assertThat(accepted).isFalse();
  }

  private static PooledJcaVerifier verifier(SigningKey key, @Nullable Provider provider) {
    JWSAlgorithm jws = Signatures.jwsAlgorithm(key.algorithm());
    PooledJcaVerifier.Encoding encoding = switch (key.type()) {
      case RSA -> PooledJcaVerifier.Encoding.exactLength((((RSAPublicKey) key.publicKey().key()).getModulus().bitLength() + 7) / 8);
      case EC -> PooledJcaVerifier.Encoding.ecdsa(jws);
      case OKP -> PooledJcaVerifier.Encoding.exactLength(64);
    };
    return new PooledJcaVerifier(jws, Signatures.jcaName(key.algorithm()), key.publicKey().key(), provider, encoding);
  }

  private static boolean check(PooledJcaVerifier verifier, Algorithm alg, byte[] input, byte[] signature) throws JOSEException {
    return verifier.verify(new JWSHeader(Signatures.jwsAlgorithm(alg)), input, Base64URL.encode(signature));
  }

  private static byte[] sign(SigningKey key, byte[] input) throws Exception {
    Signature signer = Signature.getInstance(Signatures.jcaName(key.algorithm()));
    signer.initSign(key.privateKey());
    signer.update(input);
    byte[] signature = signer.sign();
    return key.type() == KeyType.EC // JWS carries ECDSA as r||s, the JCA as DER
        ? ECDSA.transcodeSignatureToConcat(signature, ECDSA.getSignatureByteArrayLength(Signatures.jwsAlgorithm(key.algorithm())))
        : signature;
  }
}
