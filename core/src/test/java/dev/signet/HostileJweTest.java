package dev.signet;

import static dev.signet.Decryption.Reason.MALFORMED;
import static dev.signet.Decryption.Reason.TOO_LARGE;
import static dev.signet.Decryption.Reason.UNDECRYPTABLE;
import static dev.signet.Decryption.Reason.UNSUPPORTED_ALGORITHM;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.signet.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.Deflater;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hostile JWEs of issue 17. Each is refused with a {@link Decryption.Refused}, never an
 * exception, after bounded work; every failure of the cryptography is the one
 * {@link Decryption.Reason#UNDECRYPTABLE}.
 */
class HostileJweTest {
  private static final DecryptionKey RSA = JweTest.RSA;
  private static final DecryptionKey EC = JweTest.EC;
  private static final byte[] PAYLOAD = "{\"amount\":100}".getBytes(StandardCharsets.UTF_8);
  private final JweDecrypter decrypter = JweDecrypter.builder(RSA, EC).build();

  private static String toRsa() {
    return JweEncrypter.builder(RSA.encryptionKey()).build().encrypt(PAYLOAD);
  }

  private Decryption.Reason reasonOf(String jwe) {
    Decryption result = decrypter.decrypt(jwe);
    assertThat(result).isInstanceOf(Decryption.Refused.class);
    return ((Decryption.Refused) result).reason();
  }

  @Test
  void decrypt_truncatedTag_undecryptable() {
    String[] parts = toRsa().split("\\.");
    parts[4] = b64(Arrays.copyOf(Base64.getUrlDecoder().decode(parts[4]), 12));

    assertThat(reasonOf(String.join(".", parts))).isEqualTo(UNDECRYPTABLE);
  }

  @Test
  void decrypt_flippedTagBit_undecryptable() {
    String[] parts = toRsa().split("\\.");
    byte[] tag = Base64.getUrlDecoder().decode(parts[4]);
    tag[0] ^= 1;
    parts[4] = b64(tag);

    assertThat(reasonOf(String.join(".", parts))).isEqualTo(UNDECRYPTABLE);
  }

  @Test
  void decrypt_swappedCiphertext_undecryptable() {
    String[] victim = toRsa().split("\\.");
    String[] other = JweEncrypter.builder(RSA.encryptionKey()).build().encrypt("{\"amount\":999}".getBytes(StandardCharsets.UTF_8))
        .split("\\.");
    victim[3] = other[3];

    assertThat(reasonOf(String.join(".", victim))).isEqualTo(UNDECRYPTABLE);
  }

  @Test
  void decrypt_wrongKey_undecryptableAsEveryOtherCause() {
    DecryptionKey stranger = DecryptionKey.generate(KeyManagement.RSA_OAEP_256);
    String jwe = JweEncrypter.builder(stranger.encryptionKey().withKid(RSA.kid())).build().encrypt(PAYLOAD);

    assertThat(reasonOf(jwe)).isEqualTo(UNDECRYPTABLE);
  }

  @Test
  void decrypt_wrongEnc_undecryptable() {
    String changed = withHeader(toRsa(), h -> h.put("enc", "A128GCM")); // a 256-bit CEK where 128 bits are expected

    assertThat(reasonOf(changed)).isEqualTo(UNDECRYPTABLE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"A512GCM", "A256CBC", "none", ""})
  void decrypt_unknownEnc_unsupportedAlgorithm(String enc) {
    assertThat(reasonOf(withHeader(toRsa(), h -> h.put("enc", enc)))).isEqualTo(UNSUPPORTED_ALGORITHM);
  }

  @ParameterizedTest
  @ValueSource(strings = {"RSA1_5", "RSA-OAEP", "dir", "A256KW", "A256GCMKW", "PBES2-HS256+A128KW", "ECDH-1PU",
      "RSA-OAEP-999", "none", "rsa-oaep-256"})
  void decrypt_refusedOrUnknownAlg_unsupportedAlgorithm(String alg) {
    Decryption result = decrypter.decrypt(withHeader(toRsa(), h -> h.put("alg", alg)));

    assertThat(result).isInstanceOfSatisfying(Decryption.Refused.class, r -> {
      assertThat(r.reason()).isEqualTo(UNSUPPORTED_ALGORITHM);
      assertThat(r.detail()).isEqualTo("alg '" + alg + "' is refused or unknown");
    });
  }

  @Test
  void decrypt_pbes2WithHugeP2c_refusedBeforeAnyKeyDerivation() {
    String jwe = withHeader(toRsa(), h -> {
      h.put("alg", "PBES2-HS512+A256KW");
      h.put("p2c", Integer.MAX_VALUE);
      h.put("p2s", b64(new byte[16]));
    });

    assertThat(reasonOf(jwe)).isEqualTo(UNSUPPORTED_ALGORITHM); // PBKDF2 with 2^31 iterations would run for hours
  }

  @Test
  void decrypt_algNotAllowedByTheBuilder_unsupportedAlgorithm() {
    JweDecrypter ecOnly = JweDecrypter.builder(RSA, EC).algorithms(KeyManagement.ECDH_ES).build();

    assertThat(ecOnly.decrypt(toRsa())).isInstanceOfSatisfying(Decryption.Refused.class,
        r -> assertThat(r.reason()).isEqualTo(UNSUPPORTED_ALGORITHM));
  }

  @Test
  void decrypt_critHeader_unsupportedAlgorithm() {
    assertThat(reasonOf(withHeader(toRsa(), h -> h.put("crit", java.util.List.of("exp"))))).isEqualTo(UNSUPPORTED_ALGORITHM);
  }

  @Test
  void decrypt_zipBomb_undecryptableAfterBoundedInflation() throws Exception {
    byte[] tenMegabytesOfZeros = new byte[10 * 1024 * 1024];
    String bomb = JweEncrypter.builder(RSA.encryptionKey()).compress().build().encrypt(tenMegabytesOfZeros);
    assertThat(bomb.length()).isLessThan(20_000); // ~10 KB of DEFLATE

    Decryption result = decrypter.decrypt(bomb);

    assertThat(result).isInstanceOfSatisfying(Decryption.Refused.class, r -> {
      assertThat(r.reason()).isEqualTo(UNDECRYPTABLE);
      assertThat(r.detail()).contains("exceeds the maximum allowed length of " + JweDecrypter.DEFAULT_MAX_PLAINTEXT);
    });
  }

  @Test
  void decrypt_compressedJustUnderTheCap_accepted() {
    byte[] justUnder = new byte[JweDecrypter.DEFAULT_MAX_PLAINTEXT];
    String jwe = JweEncrypter.builder(RSA.encryptionKey()).compress().build().encrypt(justUnder);

    assertThat(decrypter.decrypt(jwe)).isInstanceOf(Decryption.Decrypted.class);
  }

  @Test
  void decrypt_zipWithAStreamThatIsNoDeflate_undecryptable() throws Exception {
    String jwe = handMade(RSA, "{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A256GCM\",\"zip\":\"DEF\"}", "not deflate at all".getBytes(StandardCharsets.US_ASCII));

    assertThat(reasonOf(jwe)).isEqualTo(UNDECRYPTABLE);
  }

  @Test
  void decrypt_handMadeZipBombUnderNimbusCiphertextBound_undecryptable() throws Exception {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    deflater.setInput(new byte[64 * 1024 * 1024]);
    deflater.finish();
    byte[] buffer = new byte[1 << 20];
    int length = deflater.deflate(buffer);
    deflater.end();
    String jwe = handMade(RSA, "{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A256GCM\",\"zip\":\"DEF\"}", Arrays.copyOf(buffer, length));

    assertThat(reasonOf(jwe)).isEqualTo(UNDECRYPTABLE);
  }

  @Test
  void decrypt_unknownZip_unsupportedAlgorithm() {
    assertThat(reasonOf(withHeader(toRsa(), h -> h.put("zip", "GZIP")))).isEqualTo(UNSUPPORTED_ALGORITHM);
  }

  @Test
  void decrypt_epkOffTheCurve_undecryptable() {
    String jwe = JweEncrypter.builder(EC.encryptionKey()).build().encrypt(PAYLOAD);
    String offCurve = withHeader(jwe, h -> h.put("epk", Map.of("kty", "EC", "crv", "P-256",
        "x", b64(fixed(1)), "y", b64(fixed(1)))));

    assertThat(reasonOf(offCurve)).isEqualTo(UNDECRYPTABLE);
  }

  @Test
  void decrypt_epkOnAnotherCurve_undecryptable() {
    String jwe = JweEncrypter.builder(EC.encryptionKey()).build().encrypt(PAYLOAD);
    Map<String, Object> p384 = jsonOf(SigningKey.generateEc("P-384").publicKey().toJwk());
    p384.remove("kid");
    p384.remove("alg");

    assertThat(reasonOf(withHeader(jwe, h -> h.put("epk", p384)))).isEqualTo(UNDECRYPTABLE);
  }

  @Test
  void decrypt_epkMissing_undecryptable() {
    String jwe = JweEncrypter.builder(EC.encryptionKey()).build().encrypt(PAYLOAD);

    assertThat(reasonOf(withHeader(jwe, h -> h.remove("epk")))).isEqualTo(UNDECRYPTABLE);
  }

  @Test
  void decrypt_fivePartsOfOneMegabyteEach_tooLargeBeforeParsing() {
    String part = "A".repeat(1024 * 1024);
    String huge = String.join(".", part, part, part, part, part);

    assertThat(decrypter.decrypt(huge)).isEqualTo(new Decryption.Refused(TOO_LARGE,
        "the JWE is " + huge.length() + " characters; at most " + JweDecrypter.DEFAULT_MAX_LENGTH));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a.b.c", "a.b.c.d.e.f", "....", "e30.a.b.c.d", "!!.a.b.c.d", "eyJhbGciOiJSU0EtT0FFUC0yNTYifQ==.a.b.c.d"})
  void decrypt_notACompactJwe_malformed(String text) {
    assertThat(reasonOf(text)).isIn(MALFORMED, UNSUPPORTED_ALGORITHM);
  }

  @Test
  void decrypt_jws_malformedNamingIt() {
    assertThat(decrypter.decrypt(TokenSigner.of(Fixtures.alice()).requestToken("alice").sign()))
        .isEqualTo(new Decryption.Refused(MALFORMED, "not a compact JWE: 3 parts, expected five (a JWS? the body must be encrypted)"));
  }

  @Test
  void decrypt_hugeHeader_malformedBeforeJsonParsing() {
    String jwe = b64(("{\"alg\":\"RSA-OAEP-256\",\"x\":\"" + "a".repeat(20_000) + "\"}").getBytes(StandardCharsets.US_ASCII)) + ".a.b.c.d";

    assertThat(reasonOf(jwe)).isEqualTo(MALFORMED);
  }

  @Test
  void decryptNested_signedByAnotherPrincipalsKey_badSignature() {
    MutableClock clock = Fixtures.clock();
    String forged = TokenSigner.of(Fixtures.mallory(), clock, null).requestToken(Fixtures.ALICE).audience(Fixtures.AUDIENCE).sign();
    String nested = JweEncrypter.builder(EC.encryptionKey()).build().encryptToken(forged);

    Verification v = decrypter.decryptNested(nested, Fixtures.requestVerifier(clock).build()::verify);

    assertThat(v).isInstanceOfSatisfying(Verification.Invalid.class, i -> assertThat(i.reason()).isIn(Rejection.BAD_SIGNATURE, Rejection.UNKNOWN_KEY));
  }

  @Test
  void decryptNested_signedByBob_verifiedAsBobNotAlice() {
    MutableClock clock = Fixtures.clock();
    String bobs = TokenSigner.of(Fixtures.bob(), clock, null).requestToken(Fixtures.BOB).audience(Fixtures.AUDIENCE).sign();
    String nested = JweEncrypter.builder(EC.encryptionKey()).build().encryptToken(bobs);

    Verification v = decrypter.decryptNested(nested, Fixtures.requestVerifier(clock).build()::verify);

    assertThat(v).isInstanceOfSatisfying(Verification.Valid.class, ok -> assertThat(ok.token().principal()).isEqualTo("bob"));
  }

  @Test
  void decryptNested_innerTokenExpired_expired() {
    MutableClock clock = Fixtures.clock();
    String inner = TokenSigner.of(Fixtures.alice(), clock, null).requestToken(Fixtures.ALICE).audience(Fixtures.AUDIENCE).sign();
    String nested = JweEncrypter.builder(EC.encryptionKey()).build().encryptToken(inner);
    RequestTokenVerifier verifier = Fixtures.requestVerifier(clock).build();
    clock.advance(Duration.ofMinutes(10));

    Verification v = decrypter.decryptNested(nested, verifier::verify);

    assertThat(v).isInstanceOfSatisfying(Verification.Invalid.class, i -> assertThat(i.reason()).isEqualTo(Rejection.EXPIRED));
  }

  @Test
  void decryptNested_sameNestedJwtTwice_replayed() {
    MutableClock clock = Fixtures.clock();
    String inner = TokenSigner.of(Fixtures.alice(), clock, null).requestToken(Fixtures.ALICE).audience(Fixtures.AUDIENCE).sign();
    String nested = JweEncrypter.builder(EC.encryptionKey()).build().encryptToken(inner);
    RequestTokenVerifier verifier = Fixtures.requestVerifier(clock).build();

    assertThat(decrypter.decryptNested(nested, verifier::verify).isValid()).isTrue();
    Verification again = decrypter.decryptNested(nested, verifier::verify);

    assertThat(again).isInstanceOfSatisfying(Verification.Invalid.class, i -> assertThat(i.reason()).isEqualTo(Rejection.REPLAYED));
  }

  @Test
  void decryptNested_undecryptable_malformedWithoutTheCause() {
    String[] parts = JweEncrypter.builder(EC.encryptionKey()).build().encryptToken(TokenSigner.of(Fixtures.alice())
        .requestToken("alice").sign()).split("\\.");
    parts[3] = parts[3].substring(4);

    Verification v = decrypter.decryptNested(String.join(".", parts), t -> { throw new AssertionError("not called"); });

    assertThat(v).isInstanceOfSatisfying(Verification.Invalid.class, i -> {
      assertThat(i.reason()).isEqualTo(Rejection.MALFORMED);
      assertThat(i.detail()).startsWith("JWE refused (");
    });
  }

  // helpers

  static String withHeader(String jwe, Consumer<Map<String, Object>> change) {
    int dot = jwe.indexOf('.');
    Map<String, Object> header = jsonOf(new String(Base64.getUrlDecoder().decode(jwe.substring(0, dot)), StandardCharsets.UTF_8));
    change.accept(header);
    return b64(JSONObjectUtils.toJSONString(header).getBytes(StandardCharsets.UTF_8)) + jwe.substring(dot);
  }

  private static Map<String, Object> jsonOf(String json) {
    try {
      return new LinkedHashMap<>(JSONObjectUtils.parse(json));
    } catch (java.text.ParseException e) {
      throw new AssertionError(e);
    }
  }

  static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static byte[] fixed(int value) {
    byte[] b = new byte[32];
    b[31] = (byte) value;
    return b;
  }

  /** RSA-OAEP-256 + A256GCM by hand, so that the plaintext (and a zip header) can be anything. */
  static String handMade(DecryptionKey recipient, String headerJson, byte[] plaintext) throws Exception {
    SecureRandom random = new SecureRandom();
    byte[] cek = new byte[32];
    random.nextBytes(cek);
    Cipher oaep = Cipher.getInstance("RSA/ECB/OAEPWithSHA-256AndMGF1Padding");
    oaep.init(Cipher.ENCRYPT_MODE, (RSAPublicKey) recipient.encryptionKey().key(),
        new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
    byte[] encryptedKey = oaep.doFinal(cek);
    byte[] iv = new byte[12];
    random.nextBytes(iv);
    String header = b64(headerJson.getBytes(StandardCharsets.UTF_8));
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, iv));
    gcm.updateAAD(header.getBytes(StandardCharsets.US_ASCII));
    byte[] sealed = gcm.doFinal(plaintext);
    byte[] ciphertext = Arrays.copyOf(sealed, sealed.length - 16);
    byte[] tag = Arrays.copyOfRange(sealed, sealed.length - 16, sealed.length);
    return String.join(".", header, b64(encryptedKey), b64(iv), b64(ciphertext), b64(tag));
  }
}
