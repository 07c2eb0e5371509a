package dev.signet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import com.nimbusds.jose.crypto.RSADecrypter;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.ECPrivateKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Encrypting to a recipient key and decrypting with ours: every algorithm, zip, nested JWTs. */
class JweTest {
  static final DecryptionKey RSA = DecryptionKey.generate(KeyManagement.RSA_OAEP_256);
  static final DecryptionKey EC = DecryptionKey.generate(KeyManagement.ECDH_ES);
  private static final byte[] PAYLOAD = "{\"card\":\"4111 1111 1111 1111\"}".getBytes(StandardCharsets.UTF_8);

  static DecryptionKey keyFor(KeyManagement alg) {
    return alg.keyType() == KeyType.RSA ? RSA : EC.withAlgorithm(alg);
  }

  @ParameterizedTest
  @EnumSource(KeyManagement.class)
  void decrypt_ourOwnJwe_payloadBack(KeyManagement alg) {
    DecryptionKey ours = keyFor(alg);
    String jwe = JweEncrypter.builder(ours.encryptionKey()).build().encrypt(PAYLOAD);

    Decryption result = JweDecrypter.builder(ours).build().decrypt(jwe);

    assertThat(result).isInstanceOfSatisfying(Decryption.Decrypted.class, d -> {
      assertThat(d.payload()).isEqualTo(PAYLOAD);
      assertThat(d.kid()).isEqualTo(ours.kid());
      assertThat(d.algorithm()).isEqualTo(alg);
      assertThat(d.encryption()).isEqualTo(ContentEncryption.A256GCM);
      assertThat(d.isNested()).isFalse();
    });
  }

  @ParameterizedTest
  @EnumSource(ContentEncryption.class)
  void decrypt_everyContentEncryption_payloadBack(ContentEncryption enc) {
    String jwe = JweEncrypter.builder(RSA.encryptionKey()).contentEncryption(enc).build().encrypt(PAYLOAD, "application/json");

    Decryption.Decrypted d = (Decryption.Decrypted) JweDecrypter.builder(RSA).build().decrypt(jwe);

    assertThat(d.payload()).isEqualTo(PAYLOAD);
    assertThat(d.contentType()).contains("application/json");
    assertThat(d.encryption()).isEqualTo(enc);
  }

  @Test
  void encrypt_defaults_a256gcmWithKidAndNoZip() throws Exception {
    String jwe = JweEncrypter.builder(EC.encryptionKey()).build().encrypt(PAYLOAD);

    JWEObject parsed = JWEObject.parse(jwe);
    assertThat(parsed.getHeader().getEncryptionMethod().getName()).isEqualTo("A256GCM");
    assertThat(parsed.getHeader().getAlgorithm().getName()).isEqualTo("ECDH-ES");
    assertThat(parsed.getHeader().getKeyID()).isEqualTo(EC.kid());
    assertThat(parsed.getHeader().getCompressionAlgorithm()).isNull();
    parsed.decrypt(new ECDHDecrypter((ECPrivateKey) EC.privateKey())); // Nimbus itself reads it
    assertThat(parsed.getPayload().toBytes()).isEqualTo(PAYLOAD);
  }

  @Test
  void decrypt_compressed_payloadBack() throws Exception {
    byte[] large = "abc".repeat(50_000).getBytes(StandardCharsets.US_ASCII);
    String jwe = JweEncrypter.builder(RSA.encryptionKey()).compress().build().encrypt(large);

    assertThat(jwe.length()).isLessThan(large.length / 10);
    assertThat(JWEObject.parse(jwe).getHeader().getCompressionAlgorithm().getName()).isEqualTo("DEF");
    assertThat(((Decryption.Decrypted) JweDecrypter.builder(RSA).build().decrypt(jwe)).payload()).isEqualTo(large);
    JWEObject parsed = JWEObject.parse(jwe);
    parsed.decrypt(new RSADecrypter(RSA.privateKey()));
    assertThat(parsed.getPayload().toBytes()).isEqualTo(large);
  }

  @Test
  void decrypt_withoutKid_triesEachKeyOfTheType() throws Exception {
    DecryptionKey old = DecryptionKey.generate(KeyManagement.ECDH_ES);
    JWEObject nimbus = new JWEObject(new com.nimbusds.jose.JWEHeader(com.nimbusds.jose.JWEAlgorithm.ECDH_ES,
        com.nimbusds.jose.EncryptionMethod.A256GCM), new com.nimbusds.jose.Payload(PAYLOAD));
    nimbus.encrypt(new com.nimbusds.jose.crypto.ECDHEncrypter((java.security.interfaces.ECPublicKey) old.encryptionKey().key()));
    String withoutKid = nimbus.serialize();

    Decryption result = JweDecrypter.builder(EC, old, RSA).build().decrypt(withoutKid);

    assertThat(result).isInstanceOfSatisfying(Decryption.Decrypted.class, d -> assertThat(d.kid()).isEqualTo(old.kid()));
  }

  @Test
  void decrypt_keysReadAtEachCall_followsRotation() {
    DecryptionKey next = DecryptionKey.generate(KeyManagement.ECDH_ES_A256KW);
    java.util.concurrent.atomic.AtomicReference<java.util.List<DecryptionKey>> keys =
        new java.util.concurrent.atomic.AtomicReference<>(java.util.List.of(EC));
    JweDecrypter decrypter = JweDecrypter.builder(keys::get).build();
    String toOld = JweEncrypter.builder(EC.encryptionKey()).build().encrypt(PAYLOAD);
    String toNext = JweEncrypter.builder(next.encryptionKey()).build().encrypt(PAYLOAD);

    assertThat(decrypter.decrypt(toNext)).isInstanceOf(Decryption.Refused.class);
    keys.set(java.util.List.of(EC, next)); // overlap: both decrypt
    assertThat(decrypter.decrypt(toOld)).isInstanceOf(Decryption.Decrypted.class);
    assertThat(decrypter.decrypt(toNext)).isInstanceOf(Decryption.Decrypted.class);
    keys.set(java.util.List.of(next));
    assertThat(decrypter.decrypt(toOld)).isEqualTo(new Decryption.Refused(Decryption.Reason.UNDECRYPTABLE,
        "no EC key of ours with kid '" + EC.kid() + "'"));
  }

  @Test
  void decryptNested_signedByAlice_verifiedInnerToken() {
    MutableClockHolder h = new MutableClockHolder();
    String inner = TokenSigner.of(Fixtures.alice(), h.clock, null).requestToken(Fixtures.ALICE).audience(Fixtures.AUDIENCE).sign();
    String nested = JweEncrypter.builder(EC.encryptionKey()).build().encryptToken(inner);

    Verification v = JweDecrypter.builder(EC).build().decryptNested(nested, Fixtures.requestVerifier(h.clock).build()::verify);

    assertThat(v).isInstanceOfSatisfying(Verification.Valid.class, ok -> assertThat(ok.token().principal()).isEqualTo("alice"));
  }

  @Test
  void decryptNested_plainJwe_wrongType() {
    String jwe = JweEncrypter.builder(EC.encryptionKey()).build().encrypt(PAYLOAD, "application/json");

    assertThat(JweDecrypter.builder(EC).build().decryptNested(jwe, t -> { throw new AssertionError("not called"); }))
        .isEqualTo(new Verification.Invalid(Rejection.WRONG_TYPE, "the JWE's cty is 'application/json', not JWT: no nested JWT"));
  }

  @Test
  void encryptionKey_parseJwks_takesTheLastEncKey() {
    DecryptionKey other = DecryptionKey.generate(KeyManagement.RSA_OAEP_256);
    String jwks = "{\"keys\":[" + Fixtures.alice().publicKey().toJwk() + "," + EC.encryptionKey().toJwk() + ","
        + other.encryptionKey().toJwk() + "]}";

    EncryptionKey chosen = EncryptionKey.parse(jwks);

    assertThat(chosen.kid()).isEqualTo(other.kid());
    assertThat(chosen.algorithm()).isEqualTo(KeyManagement.RSA_OAEP_256);
  }

  @Test
  void verificationKeys_jwksWithEncryptionKeys_readsTheSigningKeysOnly() {
    String jwks = "{\"keys\":[" + Fixtures.alice().publicKey().toJwk() + "," + EC.encryptionKey().toJwk() + ","
        + RSA.encryptionKey().toJwk() + "]}";

    assertThat(VerificationKey.parseAll(jwks)).extracting(VerificationKey::kid).containsExactly(Fixtures.alice().kid());
  }

  @Test
  void encryptionKey_jwksWithSigningKeysOnly_refusedNamingUse() {
    String jwks = "{\"keys\":[" + Fixtures.alice().publicKey().toJwk() + "]}";

    assertThatThrownBy(() -> EncryptionKey.parse(jwks)).isInstanceOf(UnusableKeyException.class)
        .hasMessageContaining("no encryption key");
  }

  @Test
  void encryptionKey_refusedAlgorithmOnTheJwk_refused() {
    String jwk = RSA.encryptionKey().toJwk().replace("RSA-OAEP-256", "RSA1_5");

    assertThatThrownBy(() -> EncryptionKey.parse(jwk)).isInstanceOf(UnusableKeyException.class)
        .hasMessageContaining("\"RSA1_5\" is not accepted");
  }

  @Test
  void decryptionKey_pemRoundTrip_sameKidAndDecrypts() {
    DecryptionKey read = DecryptionKey.parse(EC.toPem());
    String jwe = JweEncrypter.builder(EC.encryptionKey()).build().encrypt(PAYLOAD);

    assertThat(read.kid()).isEqualTo(EC.kid());
    assertThat(JweDecrypter.builder(read).build().decrypt(jwe)).isInstanceOf(Decryption.Decrypted.class);
    assertThat(read.toString()).doesNotContain(EC.toPem().substring(30, 60));
  }

  @Test
  void builder_tinyBound_refusedAtBuild() {
    assertThatThrownBy(() -> JweDecrypter.builder(EC).maxPlaintext(0).build()).isInstanceOf(IllegalStateException.class)
        .hasMessage("maxPlaintext must be positive: 0");
  }

  private static final class MutableClockHolder {
    final dev.signet.testing.MutableClock clock = Fixtures.clock();
  }
}
