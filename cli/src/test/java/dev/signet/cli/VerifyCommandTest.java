package dev.signet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.Algorithm;
import dev.signet.RequestContext;
import dev.signet.SigningKey;
import dev.signet.TokenSigner;
import dev.signet.CryptoProviders;
import dev.signet.testing.TestKeys;
import dev.signet.testing.TestTokens;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VerifyCommandTest {
  private static final String AUD = "https://api.example.com";

  @TempDir Path dir;
  private final Cli cli = new Cli();
  private final SigningKey alice = TestKeys.ec();
  private Path alicePub;
  private TokenSigner signer;

  @BeforeEach
  void setUp() {
    alicePub = KeyFixtures.publicPem(dir, "alice.pub", alice);
    signer = TokenSigner.of(alice, cli.clock, null);
    cli.privateKey(alice.toPem());
  }

  @Test
  void verify_validCompatibleToken_validLineExit0() {
    String token = signer.requestToken("alice").sign();

    Cli.Result r = cli.run("token", "verify", token, "--key", alicePub.toString());

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEqualTo("valid: compatible request token of 'alice', key '" + alice.kid()
        + "', ES256, acceptable until 2026-03-01T10:00:20Z (in 20s)\n");
    assertThat(r.err()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"jdk", "accp", "auto"})
  void verify_cryptoProvider_sameVerdicts(String provider) {
    Assumptions.assumeTrue(!provider.equals("accp") || CryptoProviders.accpAvailable(), "ACCP does not load here");
    String token = signer.requestToken("alice").sign();
    String forged = token.substring(0, token.lastIndexOf('.') + 1) + "A".repeat(86);

    Cli.Result valid = cli.run("token", "verify", token, "--key", alicePub.toString(), "--crypto-provider", provider);
    Cli.Result invalid = cli.run("token", "verify", forged, "--key", alicePub.toString(), "--crypto-provider", provider);

    assertThat(valid.exitCode()).as(valid.err()).isZero();
    assertThat(valid.out()).startsWith("valid: compatible request token of 'alice'");
    assertThat(invalid.exitCode()).isEqualTo(1);
    assertThat(invalid.out()).startsWith("invalid: BAD_SIGNATURE");
  }

  @Test
  void verify_expiredToken_invalidWithReasonAndDetailExit1() {
    String token = signer.requestToken("alice").sign();
    cli.clock.advance(Duration.ofSeconds(90));

    Cli.Result r = cli.run("token", "verify", token, "--key", alicePub.toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEqualTo(
        "invalid: EXPIRED: time 2026-03-01T10:00:00Z is too old (now 2026-03-01T10:01:30Z, skew PT20S)\n");
  }

  @Test
  void verify_skewOption_widensWindow() {
    String token = signer.requestToken("alice").sign();
    cli.clock.advance(Duration.ofSeconds(90));

    Cli.Result r = cli.run("token", "verify", token, "--key", alicePub.toString(), "--skew", "2m");

    assertThat(r.exitCode()).isZero();
  }

  @Test
  void verify_tokenFromStdin_valid() {
    cli.stdin(signer.requestToken("alice").sign() + "\n");

    Cli.Result r = cli.run("token", "verify", "-", "--key", alicePub.toString());

    assertThat(r.exitCode()).isZero();
  }

  @Test
  void verify_authorizationHeaderValue_schemeStripped() {
    Cli.Result r = cli.run("token", "verify", "JWT " + signer.requestToken("alice").sign(), "--key", alicePub.toString());

    assertThat(r.exitCode()).isZero();
  }

  @Test
  void verify_privateKeyFileAsKey_publicHalfUsed() {
    Path privateFile = KeyFixtures.privatePem(dir, "alice.pem", alice);

    Cli.Result r = cli.run("token", "verify", signer.requestToken("alice").sign(), "--key", privateFile.toString());

    assertThat(r.exitCode()).isZero();
  }

  @Test
  void verify_severalKeys_anyOfThemVerifies() {
    Path other = KeyFixtures.publicPem(dir, "other.pub", TestKeys.rsa());

    Cli.Result r = cli.run("token", "verify", signer.requestToken("alice").sign(), "--key", other.toString(), "--key", alicePub.toString());

    assertThat(r.exitCode()).isZero();
  }

  @Test
  void verify_keyOfSomeoneElse_unknownKeyExit1() {
    SigningKey bob = TestKeys.of(Algorithm.ES256, "bob");
    Path bobPub = KeyFixtures.publicPem(dir, "bob.pub", bob);

    Cli.Result r = cli.run("token", "verify", signer.requestToken("alice").sign(), "--key", bobPub.toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEqualTo("invalid: UNKNOWN_KEY: no key with kid '" + alice.kid()
        + "' for principal 'alice'; known kids: [" + bob.kid() + "]\n");
  }

  @Test
  void verify_signatureMadeByAnotherKey_badSignatureExit1() {
    String token = signer.requestToken("alice").sign();
    String other = TokenSigner.of(TestKeys.of(Algorithm.ES256, "mallory"), cli.clock, null).requestToken("alice").sign();
    String swapped = token.substring(0, token.lastIndexOf('.')) + other.substring(other.lastIndexOf('.'));

    Cli.Result r = cli.run("token", "verify", swapped, "--key", alicePub.toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEqualTo("invalid: BAD_SIGNATURE: ES256 signature does not verify with key '" + alice.kid()
        + "' of principal 'alice'\n");
  }

  @Test
  void verify_principalOptionForAnotherPrincipal_unknownPrincipalExit1() {
    Cli.Result r = cli.run("token", "verify", signer.requestToken("alice").sign(), "--key", alicePub.toString(), "--principal", "bob");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEqualTo("invalid: UNKNOWN_PRINCIPAL: principal 'alice' is unknown or disabled\n");
  }

  @Test
  void verify_standardTokenWithAudience_valid() {
    String token = signer.requestToken("alice").audience(AUD).sign();

    Cli.Result r = cli.run("token", "verify", token, "--key", alicePub.toString(), "--audience", AUD);

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEqualTo("valid: standard request token of 'alice', key '" + alice.kid()
        + "', ES256, expires 2026-03-01T10:00:30Z (in 30s)\n");
  }

  @Test
  void verify_standardTokenWrongAudience_wrongAudienceExit1() {
    String token = signer.requestToken("alice").audience("https://other.example.com").sign();

    Cli.Result r = cli.run("token", "verify", token, "--key", alicePub.toString(), "--audience", AUD);

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEqualTo("invalid: WRONG_AUDIENCE: aud is [https://other.example.com]; expected '" + AUD + "'\n");
  }

  @Test
  void verify_standardTokenWithoutAudience_usageHintExit2() {
    Cli.Result r = cli.run("token", "verify", signer.requestToken("alice").audience(AUD).sign(), "--key", alicePub.toString());

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("signet: this is a standard-profile request token; give --audience (the server's issuer URL) to verify it\n");
  }

  @Test
  void verify_boundTokenMatchingRequest_valid() {
    RequestContext request = RequestContext.of("POST", URI.create("https://api.example.com/orders?x=1"), "{}".getBytes());
    String token = signer.requestToken("alice").bind(request).sign();
    Path body = KeyFixtures.write(dir.resolve("body"), "{}");

    Cli.Result r = cli.run("token", "verify", token, "--key", alicePub.toString(),
        "--method", "POST", "--url", "https://api.example.com/orders?x=1", "--body-file", body.toString());

    assertThat(r.exitCode()).isZero();
  }

  @Test
  void verify_boundTokenOtherUrl_bindingMismatchExit1() {
    String token = signer.requestToken("alice").bind(RequestContext.of("GET", URI.create("https://api.example.com/a"))).sign();

    Cli.Result r = cli.run("token", "verify", token, "--key", alicePub.toString(), "--method", "GET", "--url", "https://api.example.com/b");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEqualTo(
        "invalid: BINDING_MISMATCH: claim 'htu' is 'https://api.example.com/a' but the request gives 'https://api.example.com/b'\n");
  }

  @Test
  void verify_boundTokenWithoutRequest_bindingMismatchExit1() {
    String token = signer.requestToken("alice").bind(RequestContext.of("GET", URI.create("https://api.example.com/a"))).sign();

    Cli.Result r = cli.run("token", "verify", token, "--key", alicePub.toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).startsWith("invalid: BINDING_MISMATCH: token is bound to a request");
  }

  @Test
  void verify_json_validObject() {
    Cli.Result r = cli.run("token", "verify", signer.requestToken("alice").nonce("n-1").sign(), "--key", alicePub.toString(), "--json");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEqualTo("""
        {
          "valid": true,
          "principal": "alice",
          "profile": "compatible",
          "kid": "%s",
          "alg": "ES256",
          "issued_at": "2026-03-01T10:00:00Z",
          "expires_at": "2026-03-01T10:00:20Z",
          "token_id": "n-1",
          "scopes": [],
          "claims": {
            "username": "alice",
            "time": 1772359200,
            "nonce": "n-1"
          }
        }
        """.formatted(alice.kid()));
  }

  @Test
  void verify_json_invalidObjectExit1() {
    String token = signer.requestToken("alice").sign();
    cli.clock.advance(Duration.ofSeconds(90));

    Cli.Result r = cli.run("token", "verify", token, "--key", alicePub.toString(), "--json");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEqualTo("""
        {
          "valid": false,
          "reason": "EXPIRED",
          "detail": "time 2026-03-01T10:00:00Z is too old (now 2026-03-01T10:01:30Z, skew PT20S)"
        }
        """);
  }

  @Test
  void verify_accessToken_validWithScopes() {
    SigningKey issuer = TestKeys.rsa();
    Path issuerPub = KeyFixtures.publicPem(dir, "issuer.pub", issuer);
    String token = TestTokens.signedBy(issuer).clock(cli.clock).accessToken("https://auth", "svc", "orders-api", "orders:read orders:write").sign();

    Cli.Result r = cli.run("token", "verify", token, "--key", issuerPub.toString(), "--access-token",
        "--issuer", "https://auth", "--audience", "orders-api", "--scope", "orders:read");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEqualTo("valid: access token for 'svc' with scope 'orders:read orders:write', key '" + issuer.kid()
        + "', RS256, expires 2026-03-01T10:05:00Z (in 5m)\n");
  }

  @Test
  void verify_expiredAccessToken_tokenExpiredAtExit1() {
    SigningKey issuer = TestKeys.rsa();
    Path issuerPub = KeyFixtures.publicPem(dir, "issuer.pub", issuer);
    String token = TestTokens.signedBy(issuer).clock(cli.clock).accessToken("https://auth", "svc", "orders-api", "orders:read").sign();
    cli.clock.advance(Duration.ofSeconds(400));

    Cli.Result r = cli.run("token", "verify", token, "--key", issuerPub.toString(), "--access-token", "--issuer", "https://auth");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEqualTo(
        "invalid: EXPIRED: token expired at 2026-03-01T10:05:00Z (now 2026-03-01T10:06:40Z, skew PT30S)\n");
  }

  @Test
  void verify_accessTokenMissingScope_insufficientScopeExit1() {
    SigningKey issuer = TestKeys.rsa();
    Path issuerPub = KeyFixtures.publicPem(dir, "issuer.pub", issuer);
    String token = TestTokens.signedBy(issuer).clock(cli.clock).accessToken("https://auth", "svc", "orders-api", "orders:read").sign();

    Cli.Result r = cli.run("token", "verify", token, "--key", issuerPub.toString(), "--access-token", "--issuer", "https://auth",
        "--scope", "orders:write");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEqualTo("invalid: INSUFFICIENT_SCOPE: missing scopes [orders:write]; token has [orders:read]\n");
  }

  @Test
  void verify_accessTokenAsRequestToken_usageHintExit2() {
    String token = TestTokens.signedBy(TestKeys.rsa()).clock(cli.clock).accessToken("https://auth", "svc", "api", "s").sign();

    Cli.Result r = cli.run("token", "verify", token, "--key", alicePub.toString());

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("signet: this is an access token (typ at+jwt); verify it with --access-token --issuer ISS\n");
  }

  @Test
  void verify_optionMistakes_exit2WithReason() {
    String token = signer.requestToken("alice").sign();
    String key = alicePub.toString();

    assertThat(cli.run("token", "verify", token).err())
        .isEqualTo("signet: give the keys to verify with: --key FILE or --jwks FILE_OR_URL\n");
    assertThat(cli.run("token", "verify", token, "--key", key, "--jwks", key).err())
        .isEqualTo("signet: give --key or --jwks, not both\n");
    assertThat(cli.run("token", "verify", token, "--key", key, "--access-token").err())
        .isEqualTo("signet: --access-token needs --issuer ISS\n");
    assertThat(cli.run("token", "verify", token, "--key", key, "--access-token", "--issuer", "i", "--principal", "p").err())
        .isEqualTo("signet: --principal is for request tokens; an access token's subject is its sub\n");
    assertThat(cli.run("token", "verify", token, "--key", key, "--issuer", "i").err())
        .isEqualTo("signet: --issuer is for access tokens (add --access-token)\n");
    assertThat(cli.run("token", "verify", token, "--key", key, "--scope", "s").err())
        .isEqualTo("signet: --scope is for access tokens (add --access-token)\n");
    assertThat(cli.run("token", "verify", token, "--key", key, "--method", "GET").err())
        .isEqualTo("signet: --method and --url go together\n");
    assertThat(cli.run("token", "verify", token, "--key", key, "--skew", "10m").err())
        .isEqualTo("signet: clockSkew must be at most PT5M: PT10M\n");
    assertThat(cli.run("token", "verify", token, "--key", key, "--max-lifetime", "0s").err())
        .isEqualTo("signet: maxLifetime must be positive and at most PT1H: PT0S\n");
    assertThat(cli.run("token", "verify", token, "--key", key, "--max-lifetime", "-PT1S").err())
        .isEqualTo("signet: Invalid value for option '--max-lifetime': not a duration: '-PT1S' (negative)"
            + " (see 'signet token verify --help')\n");
    assertThat(cli.run("token", "verify", "", "--key", key).err())
        .isEqualTo("signet: the token is empty\n");
    assertThat(cli.run("token", "verify", token, "--key", key).exitCode()).isZero();
  }

  @Test
  void verify_noTokenArgument_exit2() {
    Cli.Result r = cli.run("token", "verify", "--key", alicePub.toString());

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("signet: Missing required parameter: 'TOKEN|-' (see 'signet token verify --help')\n");
  }
}
