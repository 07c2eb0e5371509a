package dev.signet.gateway;

import static dev.signet.gateway.Fixture.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.Algorithm;
import dev.signet.SigningKey;
import dev.signet.examples.testing.TestIssuer;
import dev.signet.testing.TestKeys;
import dev.signet.testing.TestTokens;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 8725 attacks through the gateway: each forged token is refused with the same 401 and never
 * reaches the upstream. The engine's own tests cover each check in depth; this proves the gateway
 * puts every request through it.
 */
class TokenAttacksTest {
  static OneRoute setup;
  static TestIssuer issuer;
  static Upstream upstream;
  static Gateway gateway;
  static final SigningKey ATTACKER = TestKeys.of(Algorithm.RS256, "attacker");

  @BeforeAll
  static void start(@TempDir Path dir) {
    setup = OneRoute.start(dir, TestKeys.of(Algorithm.RS256, "attacks-issuer"), "/api", "orders-api");
    issuer = setup.issuer();
    upstream = setup.upstream();
    gateway = setup.gateway();
  }

  @AfterAll
  static void stop() {
    setup.close();
  }

  static TestTokens.Builder valid() {
    return issuer.token("mallory", "orders-api", "orders:read");
  }

  static Stream<Arguments> forgeries() throws Exception {
    String kid = issuer.key().publicKey().kid();
    byte[] publicPem = issuer.key().publicKey().toPem().getBytes(StandardCharsets.US_ASCII);
    Map<?, ?> attackerJwk = new com.fasterxml.jackson.databind.ObjectMapper().readValue(ATTACKER.publicKey().toJwk(), Map.class);
    List<Map.Entry<String, Function<TestTokens.Builder, String>>> cases = List.of(
        Map.entry("alg none", b -> b.header("alg", "none").unsigned()),
        Map.entry("HS256 keyed with the issuer's public key", b -> b.hmacSignedWith(publicPem)),
        Map.entry("embedded jwk of the attacker", b -> TestTokens.signedBy(ATTACKER).accessToken(issuer.issuer(), "mallory", "orders-api", "")
            .header("jwk", attackerJwk).sign()),
        Map.entry("jku to the attacker", b -> TestTokens.signedBy(ATTACKER).accessToken(issuer.issuer(), "mallory", "orders-api", "")
            .header("jku", "http://127.0.0.1:1/jwks.json").header("kid", kid).sign()),
        Map.entry("x5u to the attacker", b -> TestTokens.signedBy(ATTACKER).accessToken(issuer.issuer(), "mallory", "orders-api", "")
            .header("x5u", "http://127.0.0.1:1/cert.pem").header("kid", kid).sign()),
        Map.entry("unknown crit", b -> b.header("crit", List.of("exp-ext")).header("exp-ext", true).sign()),
        Map.entry("expired", b -> b.issuedAt(Instant.now().minus(Duration.ofHours(2))).sign()),
        Map.entry("issued in the future", b -> b.issuedAt(Instant.now().plus(Duration.ofHours(2))).sign()),
        Map.entry("not yet valid", b -> b.claim("nbf", Instant.now().plus(Duration.ofHours(1)).getEpochSecond()).sign()),
        Map.entry("wrong audience", b -> b.claim("aud", "billing-api").sign()),
        Map.entry("wrong issuer", b -> b.claim("iss", "http://127.0.0.1:1").sign()),
        Map.entry("signed by another key under the issuer's kid", b -> TestTokens.signedBy(ATTACKER)
            .accessToken(issuer.issuer(), "mallory", "orders-api", "").header("kid", kid).sign()),
        Map.entry("zero signature", b -> b.zeroSignature(256)),
        Map.entry("id token type", b -> b.header("typ", "JWT").sign()));
    return cases.stream().map(c -> Arguments.of(c.getKey(), c.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forgeries")
  void get_forgedToken_401AndUpstreamUntouched(String attack, Function<TestTokens.Builder, String> forge) throws Exception {
    String token = forge.apply(valid());
    int before = upstream.count();

    HttpResponse<String> r = get(gateway.uri().resolve("/api/x"), "Authorization", "Bearer " + token, "X-JWT-Sub", "admin");

    assertThat(r.statusCode()).as(attack).isEqualTo(401);
    assertThat(r.body()).isEqualTo("{\"error\":\"invalid_token\"}");
    assertThat(upstream.count()).isEqualTo(before);
  }

  @Test
  void get_oversizedAuthorization_refusedUnread() {
    HttpResponse<String> r = get(gateway.uri().resolve("/api/x"), "Authorization", "Bearer " + "a".repeat(20_000));

    assertThat(r.statusCode()).isIn(401, 431);
  }

  @Test
  void get_validToken_passes() {
    assertThat(get(gateway.uri().resolve("/api/x"), "Authorization", "Bearer " + valid().sign()).statusCode()).isEqualTo(200);
  }
}
