package dev.signet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.JWSHeader;
import dev.signet.Algorithm;
import dev.signet.SigningKey;
import dev.signet.testing.TestKeys;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Signatures#signer}: with a chosen provider an RSA or EC private key is translated into the
 * provider's own key once (ACCP otherwise converts and checks the JDK key at every signature), and
 * what it signs verifies with the JDK's providers.
 */
class SignaturesSignerTest {

  static Stream<Arguments> cases() {
    List<@Nullable Provider> providers = new ArrayList<>();
    providers.add(null);
    if (AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError() == null) {
      providers.add(AmazonCorrettoCryptoProvider.INSTANCE);
    }
    return providers.stream().flatMap(p -> Stream.of(Algorithm.RS256, Algorithm.ES256, Algorithm.ES384)
        .map(alg -> Arguments.of(alg, p == null ? "jdk" : "accp", p)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void signer_withOrWithoutAProvider_signsWhatTheJdkVerifies_keyInTheProvidersOwnType(Algorithm alg, String name,
      @Nullable Provider provider) throws Exception {
    SigningKey key = TestKeys.of(alg);
    JWSSigner signer = Signatures.using(provider).signer(key);

    JWSObject jws = new JWSObject(new JWSHeader(Signatures.jwsAlgorithm(alg)), new Payload("{\"sub\":\"alice\"}"));
    jws.sign(signer);
    JWSObject parsed = JWSObject.parse(jws.serialize());

    boolean verified = alg == Algorithm.RS256
        ? parsed.verify(new RSASSAVerifier((RSAPublicKey) key.publicKey().key()))
        : parsed.verify(new ECDSAVerifier((ECPublicKey) key.publicKey().key()));
    assertThat(verified).isTrue();
    PrivateKey used = signer instanceof RSASSASigner rsa ? rsa.getPrivateKey() : ((ECDSASigner) signer).getPrivateKey();
    if (provider == null) {
      assertThat(used).isSameAs(key.privateKey());
    } else {
      assertThat(used.getClass().getName()).startsWith("com.amazon.corretto.crypto.provider.");
    }
  }
}
