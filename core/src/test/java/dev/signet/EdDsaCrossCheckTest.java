package dev.signet;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.signet.Fixtures.Crypto;
import dev.signet.internal.Signatures;
import dev.signet.testing.MutableClock;
import java.text.ParseException;
import java.util.Date;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Signet does EdDSA through the JCA's {@code Ed25519} (so that ACCP can run it natively), not
 * through Nimbus' own {@code Ed25519Signer}/{@code Ed25519Verifier}, which use Tink's pure-Java
 * code. Those are the reference here: what either signs, the other verifies, on every provider.
 */
class EdDsaCrossCheckTest {
  private final MutableClock clock = Fixtures.clock();
  private final SigningKey key = SigningKey.generateEd25519();

  static Stream<Crypto> providers() {
    return Crypto.available();
  }

  @ParameterizedTest
  @MethodSource("providers")
  void verify_tokenSignedByNimbusTink_valid(Crypto crypto) throws Exception {
    OctetKeyPair jwk = OctetKeyPair.parse(key.toJwk());
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.EdDSA).keyID(key.kid()).build(),
        new JWTClaimsSet.Builder().claim("username", Fixtures.ALICE).claim("time", clock.instant().getEpochSecond())
            .claim("nonce", "tink-signed-1").build());
    jwt.sign(new Ed25519Signer(jwk));

    InMemoryPrincipalKeys keys = new InMemoryPrincipalKeys();
    keys.add(Fixtures.ALICE, key.publicKey());
    RequestTokenVerifier.Builder builder = RequestTokenVerifier.builder(keys).audience(Fixtures.AUDIENCE).clock(clock);
    RequestTokenVerifier verifier = (crypto.provider() == null ? builder : builder.provider(crypto.provider())).build();

    assertThat(verifier.verify(jwt.serialize())).isInstanceOf(Verification.Valid.class);
  }

  @ParameterizedTest
  @MethodSource("providers")
  void nimbusTinkVerifier_tokenSignedBySignet_verifies(Crypto crypto) throws ParseException, JOSEException {
    String token = TokenSigner.of(key, clock, crypto.provider()).requestToken(Fixtures.ALICE).sign();

    SignedJWT parsed = SignedJWT.parse(token);

    assertThat(parsed.verify(new Ed25519Verifier(OctetKeyPair.parse(key.publicKey().toJwk())))).isTrue();
    assertThat(parsed.getJWTClaimsSet().getStringClaim("username")).isEqualTo(Fixtures.ALICE);
  }

  @Test
  void nimbusTinkVerifier_signatureOfAnotherKey_refused() throws ParseException, JOSEException {
    String token = TokenSigner.of(SigningKey.generateEd25519(), clock, null).requestToken(Fixtures.ALICE).sign();

    assertThat(SignedJWT.parse(token).verify(new Ed25519Verifier(OctetKeyPair.parse(key.publicKey().toJwk())))).isFalse();
  }

  @Test
  void nimbusTinkSigner_deterministic_sameSignatureAsSignet() throws Exception {
    // Ed25519 is deterministic (RFC 8032): the same key and input give the same signature bytes
    JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.EdDSA).keyID(key.kid()).build();
    JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("x").issueTime(new Date(0)).build();
    SignedJWT viaTink = new SignedJWT(header, claims);
    viaTink.sign(new Ed25519Signer(OctetKeyPair.parse(key.toJwk())));
    SignedJWT viaJca = new SignedJWT(header, claims);
    viaJca.sign(Signatures.using(null).signer(key));

    assertThat(viaJca.getSignature()).isEqualTo(viaTink.getSignature());
  }
}
