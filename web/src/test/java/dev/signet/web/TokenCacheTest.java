package dev.signet.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.Algorithm;
import dev.signet.KeySource;
import dev.signet.SigningKey;
import dev.signet.VerificationKey;
import dev.signet.testing.MutableClock;
import dev.signet.testing.TestKeys;
import dev.signet.testing.TestTokens;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The verified-token cache: a repeated bearer token costs one verification, never past exp, never after revocation. */
class TokenCacheTest {
  private static final String ISSUER = "https://auth.example.test";
  private final SigningKey key = TestKeys.of(Algorithm.RS256, "cache-issuer");
  private final MutableClock clock = MutableClock.now();
  private final AtomicInteger lookups = new AtomicInteger();
  private final Recorded recorded = new Recorded();
  private final KeySource counting = new KeySource() {
    @Override
    public List<VerificationKey> keys(@Nullable String kid) {
      lookups.incrementAndGet();
      return List.of(key.publicKey());
    }
  };

  @AfterEach
  void close() {
    recorded.close();
  }

  private ResourceServer resourceServer(int entries, @Nullable Introspection introspection) {
    TrustedIssuer.Builder issuer = TrustedIssuer.builder(ISSUER).keys(counting).audience("api");
    if (introspection != null) {
      issuer.introspection(introspection);
    }
    return ResourceServer.builder(URI.create("https://api.example.test")).trust(issuer.build()).clock(clock)
        .tokenCache(entries, Duration.ofMinutes(5)).metrics(recorded).build();
  }

  private String token(Duration lifetime) {
    return TestTokens.signedBy(key).clock(clock).accessToken(ISSUER, "svc", "api", "").expiringIn(lifetime).sign();
  }

  private Decision send(ResourceServer rs, String token) {
    return rs.authenticate(FakeRequest.get("/x").bearer(token), Access.authenticated());
  }

  @Test
  void authenticate_sameTokenTwice_verifiedOnce() {
    ResourceServer rs = resourceServer(100, null);
    String token = token(Duration.ofMinutes(5));

    assertThat(send(rs, token)).isInstanceOf(Decision.Authenticated.class);
    assertThat(send(rs, token)).isInstanceOf(Decision.Authenticated.class);

    assertThat(lookups).hasValue(1);
    assertThat(recorded.cache).containsExactly(false, true);
  }

  @Test
  void authenticate_cacheOff_verifiesEveryTime() {
    ResourceServer rs = resourceServer(0, null);
    String token = token(Duration.ofMinutes(5));

    send(rs, token);
    send(rs, token);

    assertThat(lookups).hasValue(2);
  }

  @Test
  void authenticate_cachedTokenPastExp_verifiedAgainAndRefusedAsExpired() {
    ResourceServer rs = resourceServer(100, null);
    String token = token(Duration.ofMinutes(1));
    assertThat(send(rs, token)).isInstanceOf(Decision.Authenticated.class);

    clock.advance(Duration.ofSeconds(61));
    assertThat(send(rs, token)).isInstanceOf(Decision.Authenticated.class); // within the verifier's 30 s skew, verified afresh
    clock.advance(Duration.ofSeconds(30));

    assertThat(send(rs, token)).isInstanceOf(Decision.Refused.class);
    assertThat(recorded.lastReason()).isEqualTo("EXPIRED");
    assertThat(lookups).hasValue(3);
  }

  @Test
  void revoke_cachedToken_refusedUntilItsExp() {
    ResourceServer rs = resourceServer(100, null);
    String token = token(Duration.ofMinutes(5));
    send(rs, token);

    rs.revoke(token);

    assertThat(send(rs, token)).isInstanceOf(Decision.Refused.class);
    assertThat(recorded.lastLog()).contains("rejection=REVOKED", "the token was revoked");
  }

  @Test
  void authenticate_introspectionSaysInactive_refusedAndDroppedFromTheCache() throws Exception {
    try (TestIssuer endpoint = TestIssuer.start("", TestIssuer.Metadata.NONE, key)) {
      ResourceServer rs = resourceServer(100, Introspection.builder(endpoint.uri("/introspect")).clientSecretBasic("api", "s3cret")
          .cacheTtl(Duration.ofSeconds(30)).build());
      String token = token(Duration.ofMinutes(5));
      assertThat(send(rs, token)).isInstanceOf(Decision.Authenticated.class);
      assertThat(send(rs, token)).isInstanceOf(Decision.Authenticated.class);
      assertThat(endpoint.requests("/introspect")).isEqualTo(1);

      endpoint.inactive.add(token);
      clock.advance(Duration.ofSeconds(31));

      assertThat(send(rs, token)).isInstanceOf(Decision.Refused.class);
      assertThat(recorded.lastLog()).contains("rejection=REVOKED", "introspection says the token is not active");
      assertThat(send(rs, token)).isInstanceOf(Decision.Refused.class);
      assertThat(endpoint.requests("/introspect")).isEqualTo(2);
    }
  }

  @Test
  void authenticate_introspectionEndpointDown_503() throws Exception {
    try (TestIssuer endpoint = TestIssuer.start("", TestIssuer.Metadata.NONE, key)) {
      ResourceServer rs = resourceServer(100, Introspection.builder(endpoint.uri("/introspect")).build());
      endpoint.down = true;

      Decision decision = send(rs, token(Duration.ofMinutes(5)));

      assertThat(((Decision.Refused) decision).status()).isEqualTo(503);
      assertThat(recorded.lastReason()).isEqualTo("UNAVAILABLE");
    }
  }
}
