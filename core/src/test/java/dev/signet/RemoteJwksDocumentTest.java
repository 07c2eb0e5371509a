package dev.signet;

import static dev.signet.Fixtures.ALICE;
import static dev.signet.Fixtures.AUDIENCE;
import static dev.signet.Fixtures.ISSUER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import dev.signet.Verification.Invalid;
import dev.signet.testing.ManualExecutor;
import dev.signet.testing.TestKeys;
import dev.signet.testing.TestTokens;
import java.io.IOException;
import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What {@link RemoteJwks} accepts from a document: key by key, one bad key never takes the rest
 * down, keys with published private parts are refused and logged at ERROR, {@code use} and
 * {@code key_ops} are honoured, duplicate kids are all tried, and the same strict JSON reader as
 * for key files. The reason a key was skipped reaches the rejection detail, and no detail carries
 * the JWKS URL.
 */
class RemoteJwksDocumentTest {
  private final SigningKey good = TestKeys.of(Algorithm.ES256, "doc-good");
  private final SigningKey other = TestKeys.of(Algorithm.ES256, "doc-other");
  private final JwksServer server;
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final Logger log = (Logger) LoggerFactory.getLogger("dev.signet.RemoteJwks");

  RemoteJwksDocumentTest() throws IOException {
    server = new JwksServer(good.publicKey());
    logged.start();
    log.addAppender(logged);
  }

  @AfterEach
  void stop() {
    log.detachAppender(logged);
    server.close();
  }

  private RemoteJwks remote() {
    return RemoteJwks.builder(server.uri("/jwks.json")).clock(Fixtures.clock()).executor(new ManualExecutor()).build();
  }

  private TokenVerifier verifier(KeySource keys) {
    return TokenVerifier.builder(keys).issuer(ISSUER).audience(AUDIENCE).clock(Fixtures.clock()).build();
  }

  private String token(SigningKey key, String kid) {
    return TestTokens.signedBy(key).clock(Fixtures.clock()).accessToken(ISSUER, ALICE, AUDIENCE, "a").header("kid", kid).sign();
  }

  private void serve(Object... entries) {
    server.document = "{\"keys\":[" + Arrays.stream(entries).map(String::valueOf).collect(Collectors.joining(",")) + "]}";
  }

  private static String publicJwk(SigningKey key, String kid) {
    return key.publicKey().withKid(kid).toJwk();
  }

  private List<String> logLines(Level level) {
    List<String> lines = new ArrayList<>();
    for (ILoggingEvent e : logged.list) {
      if (e.getLevel() == level) {
        lines.add(e.getFormattedMessage());
      }
    }
    return lines;
  }

  /** gh-13: a JWKS with private parts verified tokens remotely, while the same file was refused. */
  @Test
  void verify_keyWithPrivatePartPublished_refusedAndLoggedAsError() {
    SigningKey leaked = TestKeys.of(Algorithm.RS256, "doc-leaked");
    serve(leaked.withKid("leaked").toJwk(), publicJwk(good, "good"));
    RemoteJwks keys = remote();

    assertThat(verifier(keys).verify(token(leaked, "leaked"))).isEqualTo(new Invalid(Rejection.UNKNOWN_KEY,
        "key 'leaked' of issuer '" + ISSUER + "' is not usable: the JWKS publishes its private part [d, dp, dq, p, q, qi]: refused"));
    assertThat(verifier(keys).verify(token(good, "good")).isValid()).isTrue();
    assertThat(logLines(Level.ERROR)).containsExactly("key 'leaked' of the JWKS at " + server.uri("/jwks.json")
        + " publishes its private part, so it is compromised: refused (the issuer must revoke it)");
  }

  @Test
  void keys_symmetricKey_refusedAsAPublishedSecret() {
    serve(new OctetSequenceKey.Builder(new byte[32]).keyID("oct").build().toJSONString(), publicJwk(good, "good"));
    RemoteJwks keys = remote();

    assertThat(keys.keys("oct")).isEmpty();
    assertThat(keys.whyUnusable("oct")).contains("the JWKS publishes its private part [k]: refused");
    assertThat(keys.keys(null)).hasSize(1);
  }

  /** gh-13: one malformed key (off-curve, contradictory use/key_ops, a certificate of another key, null) took the whole JWKS down. */
  @Test
  void keys_malformedKeysAmongGoodOnes_skippedWithAWarningAndTheRestServed() throws Exception {
    ECKey onCurve = (ECKey) JWK.parse(publicJwk(other, "off-curve"));
    String offCurve = onCurve.toJSONString().replace(onCurve.getY().toString(), Base64URL.encode(new byte[32]).toString());
    String contradictory = publicJwk(other, "contradictory").replaceFirst("\\{", "{\"use\":\"sig\",\"key_ops\":[\"encrypt\"],");
    String certificateOfAnotherKey = publicJwk(other, "x5c-mismatch")
        .replaceFirst("\\{", "{\"x5c\":[\"" + Base64.getEncoder().encodeToString(selfSignedCertificate(good).getEncoded()) + "\"],");
    serve("null", offCurve, contradictory, "42", certificateOfAnotherKey, publicJwk(good, "good"));
    RemoteJwks keys = remote();

    assertThat(keys.keys(null)).extracting(VerificationKey::kid).containsExactly("good");
    assertThat(verifier(keys).verify(token(good, "good")).isValid()).isTrue();
    assertThat(keys.whyUnusable("off-curve")).hasValueSatisfying(why -> assertThat(why).startsWith("not a valid JWK: "));
    assertThat(keys.whyUnusable("contradictory")).hasValueSatisfying(why -> assertThat(why).startsWith("not a valid JWK: "));
    assertThat(keys.whyUnusable("x5c-mismatch")).hasValueSatisfying(why -> assertThat(why).startsWith("not a valid JWK: "));
    assertThat(logLines(Level.WARN)).hasSize(5).allSatisfy(line -> assertThat(line).startsWith("skipping key "));
    assertThat(logLines(Level.WARN).getFirst()).isEqualTo("skipping key #0 of the JWKS at " + server.uri("/jwks.json") + ": not a JSON object");
  }

  private static X509Certificate selfSignedCertificate(SigningKey key) throws Exception {
    X500Name name = new X500Name("CN=test");
    JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
        Date.from(Fixtures.NOW), Date.from(Fixtures.NOW.plusSeconds(3600)), name, key.publicKey().key());
    return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.privateKey())));
  }

  /** gh-13: key_ops ["encrypt"] verified signatures. */
  @Test
  void verify_keyOpsWithoutVerifyOrUseNotSig_keySkippedWithTheReason() {
    ECPublicKey ec = (ECPublicKey) other.publicKey().key();
    serve(new ECKey.Builder(Curve.P_256, ec).keyID("ops").keyOperations(Set.of(KeyOperation.ENCRYPT)).build().toJSONString(),
        new ECKey.Builder(Curve.P_256, ec).keyID("enc").keyUse(KeyUse.ENCRYPTION).build().toJSONString(),
        new ECKey.Builder(Curve.P_256, ec).keyID("verify").keyOperations(Set.of(KeyOperation.VERIFY)).build().toJSONString());
    TokenVerifier verifier = verifier(remote());

    assertThat(verifier.verify(token(other, "ops"))).isEqualTo(new Invalid(Rejection.UNKNOWN_KEY,
        "key 'ops' of issuer '" + ISSUER + "' is not usable: its key_ops [encrypt] lack 'verify'"));
    assertThat(verifier.verify(token(other, "enc"))).isEqualTo(new Invalid(Rejection.UNKNOWN_KEY,
        "key 'enc' of issuer '" + ISSUER + "' is not usable: its use is 'enc', not 'sig'"));
    assertThat(verifier.verify(token(other, "verify")).isValid()).isTrue();
  }

  /** gh-13: skipped keys were reported as "no key with kid", even under --explain. */
  @Test
  void explain_weakOrEncryptionKey_saysWhyItWasSkipped() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(512);
    serve(new RSAKey.Builder((RSAPublicKey) rsa.generateKeyPair().getPublic()).keyID("weak").build().toJSONString(),
        new RSAKey.Builder((RSAPublicKey) TestKeys.rsa().publicKey().key()).keyID("oaep")
            .algorithm(com.nimbusds.jose.JWEAlgorithm.RSA_OAEP_256).build().toJSONString());
    TokenVerifier verifier = verifier(remote());

    assertThat(verifier.explain(token(TestKeys.rsa(), "weak")).result()).isEqualTo(new Invalid(Rejection.UNKNOWN_KEY,
        "key 'weak' of issuer '" + ISSUER + "' is not usable: RSA key is 512 bits; Signet requires at least 2048"));
    assertThat(verifier.explain(token(TestKeys.rsa(), "oaep")).result()).isEqualTo(new Invalid(Rejection.UNKNOWN_KEY,
        "key 'oaep' of issuer '" + ISSUER + "' is not usable: its alg RSA-OAEP-256 is for encryption"));
  }

  /** gh-13: with duplicate kids only the first key was tried. */
  @Test
  void verify_twoKeysWithOneKid_eachTried() {
    serve(publicJwk(other, "dup"), publicJwk(good, "dup"));
    TokenVerifier verifier = verifier(remote());

    assertThat(verifier.verify(token(good, "dup")).isValid()).isTrue();
    assertThat(verifier.verify(token(other, "dup")).isValid()).isTrue();
    assertThat(verifier.verify(token(TestKeys.of(Algorithm.ES256, "doc-mallory"), "dup"))).isEqualTo(new Invalid(Rejection.BAD_SIGNATURE,
        "ES256 signature verifies with none of the 2 keys with kid 'dup' of issuer '" + ISSUER + "'"));
  }

  /** The JWKS URL is for operators: it stays out of rejection details, which a gateway might relay. */
  @Test
  void verify_unknownKid_detailNamesTheIssuerNotTheUrl() {
    Verification result = verifier(remote()).verify(token(good, "nope"));

    assertThat(result).isEqualTo(new Invalid(Rejection.UNKNOWN_KEY, "no key with kid 'nope' for issuer '" + ISSUER + "'"));
    assertThat(result.toString()).doesNotContain(server.uri("/jwks.json").toString());
  }

  /** gh-13: a leading BOM or an array of pairs was read remotely but refused in a file. */
  @Test
  void keys_documentWithByteOrderMarkOrArrayOfPairs_refusedLikeAFile() {
    for (String document : List.of("\uFEFF" + JwksServer.jwks(good.publicKey()), "[[\"keys\",[]]]")) {
      server.document = document;

      assertThatThrownBy(() -> remote().keys(null))
          .isInstanceOf(KeySourceException.class)
          .hasMessageStartingWith("JWKS at " + server.uri("/jwks.json") + " is unavailable: not a JWK set: not a JSON object");
      assertThatThrownBy(() -> VerificationKey.parseAll(document)).isInstanceOf(UnusableKeyException.class);
    }
  }

  @Test
  void keys_documentWithoutKeysArray_keySourceException() {
    server.document = "{\"keys\":{}}";

    assertThatThrownBy(() -> remote().keys(null))
        .isInstanceOf(KeySourceException.class)
        .hasMessageStartingWith("JWKS at " + server.uri("/jwks.json") + " is unavailable: not a JWK set: no \"keys\" array");
  }
}
