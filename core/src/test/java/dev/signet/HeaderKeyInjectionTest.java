package dev.signet;

import static dev.signet.Rejection.BAD_SIGNATURE;
import static dev.signet.Rejection.UNKNOWN_CRITICAL_HEADER;
import static dev.signet.Rejection.UNKNOWN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.HttpServer;
import dev.signet.Fixtures.Harness;
import dev.signet.Fixtures.Kind;
import dev.signet.Verification.Invalid;
import dev.signet.testing.MutableClock;
import dev.signet.testing.TestTokens;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Header parameters through which a token offers its own key ({@code jwk}, {@code jku},
 * {@code x5u}, {@code x5c}; RFC 8725 §3.10 "do not trust received claims") and {@code crit}.
 * The key-offering parameters are never used to find a key: the attacker's token is judged
 * against the victim's keys only, and the URLs it names are never fetched (a local server counts
 * requests to prove it).
 */
class HeaderKeyInjectionTest {
  private static HttpServer attackerServer;
  private static final AtomicInteger attackerRequests = new AtomicInteger();

  private final MutableClock clock = Fixtures.clock();

  @BeforeAll
  static void startAttackerServer() throws IOException {
    attackerServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    byte[] jwks = VerificationKey.toJwks(List.of(Fixtures.mallory().publicKey())).getBytes(StandardCharsets.UTF_8);
    attackerServer.createContext("/", exchange -> {
      attackerRequests.incrementAndGet();
      exchange.sendResponseHeaders(200, jwks.length);
      exchange.getResponseBody().write(jwks);
      exchange.close();
    });
    attackerServer.start();
  }

  @AfterAll
  static void stopAttackerServer() {
    attackerServer.stop(0);
  }

  private static String attackerUrl(String path) {
    return "http://127.0.0.1:" + attackerServer.getAddress().getPort() + path;
  }

  static Map<String, Object> jwkOf(SigningKey key) {
    try {
      return JSONObjectUtils.parse(key.publicKey().toJwk());
    } catch (ParseException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A self-signed certificate for {@code key}, base64 DER as {@code x5c} carries it. */
  static String selfSignedCertificate(SigningKey key) {
    X500Name name = new X500Name("CN=mallory");
    Date from = Date.from(Fixtures.NOW.minus(Duration.ofDays(1)));
    Date to = Date.from(Fixtures.NOW.plus(Duration.ofDays(365)));
    try {
      var cert = new JcaX509v3CertificateBuilder(name, BigInteger.TWO, from, to, name, key.publicKey().key())
          .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.privateKey()));
      return Base64.getEncoder().encodeToString(cert.getEncoded());
    } catch (OperatorCreationException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Stream<Arguments> offeredKeys() {
    Stream.Builder<Arguments> cases = Stream.builder();
    for (Kind kind : Kind.values()) {
      cases.add(Arguments.of(kind, "jwk", jwkOf(Fixtures.mallory())));
      cases.add(Arguments.of(kind, "jku", attackerUrl("/jwks.json")));
      cases.add(Arguments.of(kind, "x5u", attackerUrl("/cert.pem")));
      cases.add(Arguments.of(kind, "x5c", List.of(selfSignedCertificate(Fixtures.mallory()))));
    }
    return cases.build();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("offeredKeys")
  void verify_attackerKeyInHeaderWithVictimsKid_badSignature(Kind kind, String parameter, Object value) {
    Harness h = kind.trusting(clock, Fixtures.alice().publicKey());
    String token = h.token(Fixtures.mallory()).header(parameter, value).header("kid", Fixtures.alice().kid()).sign();

    assertThat(h.verify(token)).isEqualTo(new Invalid(BAD_SIGNATURE,
        "ES256 signature does not verify with key '" + Fixtures.alice().kid() + "' of " + h.owner()));
    assertThat(attackerRequests).hasValue(0);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("offeredKeys")
  void verify_attackerKeyInHeaderWithoutKid_badSignature(Kind kind, String parameter, Object value) {
    Harness h = kind.trusting(clock, Fixtures.alice().publicKey());
    String token = h.token(Fixtures.mallory()).header(parameter, value).header("kid", null).sign();

    assertThat(h.verify(token)).isEqualTo(new Invalid(BAD_SIGNATURE,
        "ES256 signature (no kid) verifies with none of the 1 keys of " + h.owner() + " that accept it"));
    assertThat(attackerRequests).hasValue(0);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("offeredKeys")
  void verify_attackerKeyInHeaderWithAttackersKid_unknownKey(Kind kind, String parameter, Object value) {
    Harness h = kind.trusting(clock, Fixtures.alice().publicKey());
    String token = h.token(Fixtures.mallory()).header(parameter, value).sign();

    assertThat(h.verify(token)).isEqualTo(new Invalid(UNKNOWN_KEY, h.unknownKid().apply(Fixtures.mallory().kid())));
    assertThat(attackerRequests).hasValue(0);
  }

  /** The header's jwk names the victim's own public key: harmless, the signature still decides. */
  @ParameterizedTest
  @EnumSource(Kind.class)
  void verify_victimsOwnJwkInHeaderButAttackersSignature_badSignature(Kind kind) {
    Harness h = kind.trusting(clock, Fixtures.alice().publicKey());
    String token = h.token(Fixtures.mallory()).header("jwk", jwkOf(Fixtures.alice())).header("kid", Fixtures.alice().kid()).sign();

    assertThat(h.verify(token)).isEqualTo(new Invalid(BAD_SIGNATURE,
        "ES256 signature does not verify with key '" + Fixtures.alice().kid() + "' of " + h.owner()));
  }

  static Stream<Arguments> criticalHeaders() {
    Stream.Builder<Arguments> cases = Stream.builder();
    for (Kind kind : Kind.values()) {
      cases.add(Arguments.of(kind, Map.of("crit", List.of("exp"), "exp", 1_800_000_000L), "[exp]"));
      cases.add(Arguments.of(kind, Map.of("crit", List.of("b64"), "b64", false), "[b64]"));
      cases.add(Arguments.of(kind, Map.of("crit", List.of("b64"), "b64", true), "[b64]"));
      cases.add(Arguments.of(kind, Map.of("crit", List.of("x-unknown", "a-first"), "x-unknown", 1, "a-first", 2), "[a-first, x-unknown]"));
    }
    return cases.build();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("criticalHeaders")
  void verify_unknownCriticalHeader_rejected(Kind kind, Map<String, Object> extraHeader, String listed) {
    Harness h = kind.trusting(clock, Fixtures.alice().publicKey());
    TestTokens.Builder builder = h.token(Fixtures.alice());
    extraHeader.forEach(builder::header);

    assertThat(h.verify(builder.sign())).isEqualTo(new Invalid(UNKNOWN_CRITICAL_HEADER,
        "critical header parameters " + listed + " are not understood"));
  }
}
