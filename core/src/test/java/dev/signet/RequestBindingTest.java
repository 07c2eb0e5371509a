package dev.signet;

import static dev.signet.Fixtures.ALICE;
import static dev.signet.Fixtures.AUDIENCE;
import static dev.signet.Rejection.BINDING_MISMATCH;
import static dev.signet.Rejection.MALFORMED;
import static dev.signet.Rejection.MISSING_CLAIM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.Verification.Invalid;
import dev.signet.internal.RequestHashes;
import dev.signet.testing.MutableClock;
import dev.signet.testing.TestTokens;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Request binding (SPEC §3): {@code htm}, {@code htu}, {@code qsh} and {@code bsh} must match the
 * request when present, a bound token needs a request to be checked against, and a verifier may
 * require some of them.
 */
class RequestBindingTest {
  private static final URI ORDERS = URI.create("https://api.example.com/orders?status=open&limit=10");
  private static final byte[] BODY = "{\"item\":\"book\"}".getBytes(StandardCharsets.UTF_8);
  private static final RequestContext POST = RequestContext.of("POST", ORDERS, BODY);

  private final MutableClock clock = Fixtures.clock();
  private final RequestTokenVerifier verifier = Fixtures.requestVerifier(clock).build();

  private String boundTo(RequestContext request, Set<Binding> bindings) {
    return TokenSigner.of(Fixtures.alice(), clock, null).requestToken(ALICE).audience(AUDIENCE).bind(request, bindings).sign();
  }

  private TestTokens.Builder token() {
    return TestTokens.signedBy(Fixtures.alice()).clock(clock).compatible(ALICE);
  }

  @Test
  void verify_tokenBoundToTheRequest_valid() {
    String token = TokenSigner.of(Fixtures.alice(), clock, null).requestToken(ALICE).bind(POST).sign();

    assertThat(Fixtures.payloadOf(token)).contains("\"htm\"", "\"htu\"", "\"qsh\"", "\"bsh\"");
    assertThat(verifier.verify(token, POST).isValid()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Binding.class)
  void verify_eachBindingAloneMatching_valid(Binding binding) {
    assertThat(verifier.verify(boundTo(POST, EnumSet.of(binding)), POST).isValid()).isTrue();
  }

  @Test
  void verify_otherMethod_htmMismatch() {
    String token = boundTo(POST, EnumSet.of(Binding.HTM));

    assertThat(verifier.verify(token, RequestContext.of("PUT", ORDERS, BODY)))
        .isEqualTo(new Invalid(BINDING_MISMATCH, "claim 'htm' is 'POST' but the request gives 'PUT'"));
  }

  /** HTTP methods are case-sensitive (RFC 9110 §9.1). */
  @Test
  void verify_methodInOtherCase_htmMismatch() {
    String token = token().claim("htm", "post").sign();

    assertThat(verifier.verify(token, POST)).isEqualTo(new Invalid(BINDING_MISMATCH, "claim 'htm' is 'post' but the request gives 'POST'"));
  }

  @Test
  void verify_otherPath_htuMismatch() {
    String token = boundTo(POST, EnumSet.of(Binding.HTU));

    assertThat(verifier.verify(token, RequestContext.of("POST", URI.create("https://api.example.com/admin"), BODY)))
        .isEqualTo(new Invalid(BINDING_MISMATCH, "claim 'htu' is 'https://api.example.com/orders' but the request gives 'https://api.example.com/admin'"));
  }

  @Test
  void verify_otherHost_htuMismatch() {
    String token = boundTo(POST, EnumSet.of(Binding.HTU));

    assertThat(verifier.verify(token, RequestContext.of("POST", URI.create("https://evil.example/orders"), BODY)))
        .isEqualTo(new Invalid(BINDING_MISMATCH, "claim 'htu' is 'https://api.example.com/orders' but the request gives 'https://evil.example/orders'"));
  }

  @Test
  void verify_otherQuery_qshMismatch() {
    String token = boundTo(POST, EnumSet.of(Binding.QSH));
    URI other = URI.create("https://api.example.com/orders?status=closed&limit=10");

    assertThat(verifier.verify(token, RequestContext.of("POST", other, BODY))).isEqualTo(new Invalid(BINDING_MISMATCH,
        "claim 'qsh' is '" + RequestHashes.qsh("POST", ORDERS) + "' but the request gives '" + RequestHashes.qsh("POST", other) + "'"));
  }

  /** qsh covers the method too (Atlassian: METHOD&path&query). */
  @Test
  void verify_qshForAnotherMethod_qshMismatch() {
    String token = token().claim("qsh", RequestHashes.qsh("GET", ORDERS)).sign();

    assertThat(verifier.verify(token, POST)).isEqualTo(new Invalid(BINDING_MISMATCH,
        "claim 'qsh' is '" + RequestHashes.qsh("GET", ORDERS) + "' but the request gives '" + RequestHashes.qsh("POST", ORDERS) + "'"));
  }

  @Test
  void verify_queryParametersInAnotherOrder_qshMatches() {
    String token = boundTo(POST, EnumSet.of(Binding.QSH));
    URI reordered = URI.create("https://api.example.com/orders?limit=10&status=open");

    assertThat(verifier.verify(token, RequestContext.of("POST", reordered, BODY)).isValid()).isTrue();
  }

  @Test
  void verify_qshInUpperCaseHex_valid() {
    String token = token().claim("qsh", RequestHashes.qsh("POST", ORDERS).toUpperCase(Locale.ROOT)).sign();

    assertThat(verifier.verify(token, POST).isValid()).isTrue();
  }

  @Test
  void verify_otherBody_bshMismatch() {
    String token = boundTo(POST, EnumSet.of(Binding.BSH));
    byte[] tampered = "{\"item\":\"car\"}".getBytes(StandardCharsets.UTF_8);

    assertThat(verifier.verify(token, RequestContext.of("POST", ORDERS, tampered))).isEqualTo(new Invalid(BINDING_MISMATCH,
        "claim 'bsh' is '" + RequestHashes.bsh(BODY) + "' but the request gives '" + RequestHashes.bsh(tampered) + "'"));
  }

  @Test
  void bsh_emptyBody_base64urlSha256() {
    // SHA-256("") = e3b0c442…b855, base64url without padding
    assertThat(RequestHashes.bsh(new byte[0])).isEqualTo("47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU");
  }

  @ParameterizedTest
  @EnumSource(Binding.class)
  void verify_boundTokenWithoutRequest_bindingMismatch(Binding binding) {
    String token = boundTo(POST, EnumSet.of(binding));

    assertThat(verifier.verify(token)).isEqualTo(new Invalid(BINDING_MISMATCH,
        "token is bound to a request ('" + binding.claim() + "') but no request was given to check it against"));
  }

  @ParameterizedTest
  @EnumSource(Binding.class)
  void verify_requiredBindingAbsent_missingClaim(Binding binding) {
    RequestTokenVerifier requiring = Fixtures.requestVerifier(clock).requireBinding(binding).build();
    EnumSet<Binding> others = EnumSet.complementOf(EnumSet.of(binding));

    assertThat(requiring.verify(boundTo(POST, others), POST))
        .isEqualTo(new Invalid(MISSING_CLAIM, "claim '" + binding.claim() + "' is required here (request binding)"));
    assertThat(requiring.verify(boundTo(POST, EnumSet.of(binding)), POST).isValid()).isTrue();
  }

  @Test
  void verify_requiredBindingWithoutRequest_missingClaimFirst() {
    RequestTokenVerifier requiring = Fixtures.requestVerifier(clock).requireBinding(Binding.HTM, Binding.HTU).build();

    assertThat(requiring.verify(token().sign())).isEqualTo(new Invalid(MISSING_CLAIM, "claim 'htm' is required here (request binding)"));
  }

  @Test
  void verify_unboundTokenWithRequest_valid() {
    assertThat(verifier.verify(token().sign(), POST).isValid()).isTrue();
  }

  @ParameterizedTest(name = "htu {0} for request {1}")
  @CsvSource(delimiter = ' ', value = {
      "https://api.example.com/orders HTTPS://API.EXAMPLE.COM/orders",
      "HTTPS://API.Example.COM/orders https://api.example.com/orders",
      "https://api.example.com:443/orders https://api.example.com/orders",
      "https://api.example.com/orders https://api.example.com:443/orders",
      "http://api.example.com:80/orders http://api.example.com/orders",
      "https://api.example.com:8443/orders https://api.example.com:8443/orders",
      "https://api.example.com/orders?x=1 https://api.example.com/orders?status=open",
      "https://api.example.com/orders#frag https://api.example.com/orders#other",
      "https://api.example.com https://api.example.com/",
      "https://api.example.com/ https://api.example.com",
  })
  void verify_htuNormalised_matches(String htu, String requestUri) {
    String token = token().claim("htu", htu).sign();

    assertThat(verifier.verify(token, RequestContext.of("GET", URI.create(requestUri))).isValid()).isTrue();
  }

  @ParameterizedTest(name = "htu {0} for request {1}")
  @CsvSource(delimiter = ' ', value = {
      "https://api.example.com/Orders https://api.example.com/orders https://api.example.com/orders",
      "https://api.example.com:8443/orders https://api.example.com/orders https://api.example.com/orders",
      "http://api.example.com/orders https://api.example.com/orders https://api.example.com/orders",
      "https://api.example.com:80/orders https://api.example.com/orders https://api.example.com/orders",
      "https://api.example.com/orders/ https://api.example.com/orders https://api.example.com/orders",
      "/orders https://api.example.com/orders https://api.example.com/orders",
      "https://api.example.com.evil.example/orders https://api.example.com/orders https://api.example.com/orders",
  })
  void verify_htuDifferingAfterNormalisation_mismatch(String htu, String requestUri, String expected) {
    String token = token().claim("htu", htu).sign();

    assertThat(verifier.verify(token, RequestContext.of("GET", URI.create(requestUri))))
        .isEqualTo(new Invalid(BINDING_MISMATCH, "claim 'htu' is '" + htu + "' but the request gives '" + expected + "'"));
  }

  @Test
  void verify_bindingClaimNotAString_malformed() {
    assertThat(verifier.verify(token().claim("htm", 1).sign(), POST)).isEqualTo(new Invalid(MALFORMED, "claim 'htm' must be a string, not a number"));
    assertThat(verifier.verify(token().claim("bsh", "").sign(), POST)).isEqualTo(new Invalid(MALFORMED, "claim 'bsh' must be 1-8192 characters, not 0"));
  }

  @Test
  void verify_htuOfAnotherPublicName_matchesWhenTheRequestIsAlsoAddressedAsIt() {
    String token = token().claim("htu", "https://internal.example:8443/orders").sign();
    RequestContext request = POST.alsoAddressedAs(List.of(URI.create("https://internal.example:8443/orders?status=open&limit=10")));

    assertThat(verifier.verify(token, request).isValid()).isTrue();
  }

  @Test
  void verify_htuOfNoneOfTheRequestsNames_mismatchListsThemAll() {
    String token = token().claim("htu", "http://evil.example/orders").sign();
    RequestContext request = POST.alsoAddressedAs(List.of(URI.create("https://internal.example/orders")));

    assertThat(verifier.verify(token, request)).isEqualTo(new Invalid(BINDING_MISMATCH, "claim 'htu' is 'http://evil.example/orders'"
        + " but the request gives 'https://api.example.com/orders' (or ['https://internal.example/orders'])"));
  }

  @Test
  void verify_qshUnderAnotherPublicNamesPathPrefix_matches() {
    URI prefixed = URI.create("https://gw.example/auth/orders?status=open&limit=10");
    String token = token().claim("qsh", RequestHashes.qsh("POST", prefixed)).sign();

    assertThat(verifier.verify(token, POST).isValid()).isFalse();
    assertThat(verifier.verify(token, POST.alsoAddressedAs(List.of(prefixed))).isValid()).isTrue();
  }

  @Test
  void alsoAddressedAs_relativeUrlOrTooMany_refused() {
    assertThatThrownBy(() -> POST.alsoAddressedAs(List.of(URI.create("/orders"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("uri must be absolute with a host: /orders");
    List<URI> many = java.util.stream.IntStream.range(0, 16).mapToObj(i -> URI.create("https://h" + i + ".example/")).toList();
    assertThatThrownBy(() -> POST.alsoAddressedAs(many))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("at most 16 URLs for one request, not 17");
    assertThat(POST.alsoAddressedAs(List.of(ORDERS)).uris()).containsExactly(ORDERS);
  }

  @Test
  void bindings_verifiedBoundToken_listsItsBindingClaims() {
    String token = boundTo(POST, EnumSet.of(Binding.HTM, Binding.HTU, Binding.BSH));

    VerifiedToken verified = ((Verification.Valid) verifier.verify(token, POST)).token();

    assertThat(verified.bindings()).containsExactly(Binding.HTM, Binding.HTU, Binding.BSH);
    assertThat(verified.isFor(AUDIENCE)).isTrue();
    assertThat(verified.isFor("https://other.example")).isFalse();
    VerifiedToken unbound = ((Verification.Valid) verifier.verify(token().sign(), POST)).token();
    assertThat(unbound.bindings()).isEmpty();
    assertThat(unbound.isFor(AUDIENCE)).isFalse();
  }
}
