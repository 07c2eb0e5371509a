package dev.signet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.testing.MutableClock;
import dev.signet.testing.TestKeys;
import dev.signet.testing.TestTokens;
import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RequestTokenVerifierSmokeTest {
  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void verify_signedByOwnKey_validBothProfilesAndBound(Algorithm alg) {
    MutableClock clock = MutableClock.now();
    SigningKey key = TestKeys.of(alg);
    RequestTokenVerifier verifier = RequestTokenVerifier.builder(new InMemoryPrincipalKeys().add("alice", key.publicKey()))
        .audience("https://srv").clock(clock).build();
    TokenSigner signer = TokenSigner.of(key, clock, null);
    assertThat(verifier.verify(signer.requestToken("alice").sign())).isInstanceOf(Verification.Valid.class);
    RequestContext req = RequestContext.of("POST", URI.create("https://srv/x?b=2&a=1"), "hi".getBytes());
    String bound = signer.requestToken("alice").audience("https://srv").bind(req).sign();
    assertThat(verifier.verify(bound, req)).isInstanceOf(Verification.Valid.class);
    assertThat(verifier.verify(bound, req)).isEqualTo(new Verification.Invalid(Rejection.REPLAYED,
        "nonce '" + extractNonce(bound) + "' of principal 'alice' was already used"));
    String viaKit = TestTokens.signedBy(key).clock(clock).compatible("alice").sign();
    assertThat(verifier.verify(viaKit)).isInstanceOf(Verification.Valid.class);
  }

  private static String extractNonce(String token) {
    String payload = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]));
    return payload.replaceAll(".*\"jti\":\"([^\"]+)\".*", "$1");
  }
}
