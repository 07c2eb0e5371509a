package dev.signet;

import static dev.signet.Fixtures.ALICE;
import static dev.signet.Fixtures.AUDIENCE;
import static dev.signet.Fixtures.BOB;
import static dev.signet.Fixtures.NOW;
import static dev.signet.Rejection.BAD_SIGNATURE;
import static dev.signet.Rejection.BINDING_MISMATCH;
import static dev.signet.Rejection.EXPIRED;
import static dev.signet.Rejection.REPLAYED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.Verification.Invalid;
import dev.signet.testing.MutableClock;
import dev.signet.testing.TestTokens;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Nonces ({@code nonce}, {@code jti}) are accepted once per principal, and remembered exactly as
 * long as their token could be accepted: through {@code time}/{@code iat} + skew, inclusive.
 */
class ReplayTest {
  private final MutableClock clock = Fixtures.clock();
  private final RequestTokenVerifier verifier = Fixtures.requestVerifier(clock).build();

  private String compatible(SigningKey key, String principal, String nonce, Instant time) {
    return TestTokens.signedBy(key).clock(MutableClock.at(time)).compatible(principal).claim("nonce", nonce).sign();
  }

  private String alices(String nonce, Instant time) {
    return compatible(Fixtures.alice(), ALICE, nonce, time);
  }

  @Test
  void verify_sameTokenTwice_replayed() {
    String token = alices("n-1", NOW);

    assertThat(verifier.verify(token).isValid()).isTrue();
    assertThat(verifier.verify(token)).isEqualTo(new Invalid(REPLAYED, "nonce 'n-1' of principal 'alice' was already used"));
  }

  @Test
  void verify_sameNonceInANewerToken_replayed() {
    assertThat(verifier.verify(alices("n-1", NOW)).isValid()).isTrue();

    clock.advance(Duration.ofSeconds(5));
    assertThat(verifier.verify(alices("n-1", NOW.plusSeconds(5))))
        .isEqualTo(new Invalid(REPLAYED, "nonce 'n-1' of principal 'alice' was already used"));
  }

  @Test
  void verify_sameJtiTwice_replayed() {
    String token = TestTokens.signedBy(Fixtures.alice()).clock(clock).standard(ALICE, AUDIENCE).claim("jti", "j-1").sign();

    assertThat(verifier.verify(token).isValid()).isTrue();
    assertThat(verifier.verify(token)).isEqualTo(new Invalid(REPLAYED, "nonce 'j-1' of principal 'alice' was already used"));
  }

  @Test
  void verify_sameNonceFromAnotherPrincipal_valid() {
    assertThat(verifier.verify(alices("shared", NOW)).isValid()).isTrue();

    assertThat(verifier.verify(compatible(Fixtures.bob(), BOB, "shared", NOW)).isValid()).isTrue();
  }

  /** Principal and nonce are kept apart: ("ab", "c") and ("a", "bc") are different entries. */
  @Test
  void verify_principalAndNonceThatConcatenateAlike_bothValid() {
    InMemoryPrincipalKeys keys = new InMemoryPrincipalKeys().add("ab", Fixtures.alice().publicKey()).add("a", Fixtures.bob().publicKey());
    RequestTokenVerifier v = RequestTokenVerifier.builder(keys).audience(AUDIENCE).clock(clock).build();

    assertThat(v.verify(compatible(Fixtures.alice(), "ab", "c", NOW)).isValid()).isTrue();
    assertThat(v.verify(compatible(Fixtures.bob(), "a", "bc", NOW)).isValid()).isTrue();
  }

  /**
   * At exactly time + 20 s the token is still accepted by the time check, so its nonce must still
   * be remembered; one millisecond later the token is too old and the nonce may go.
   */
  @Test
  void verify_replayAtTheLastAcceptableInstant_replayed() {
    String token = alices("n-edge", NOW);
    assertThat(verifier.verify(token).isValid()).isTrue();

    clock.set(NOW.plusSeconds(20));
    assertThat(verifier.verify(token)).isEqualTo(new Invalid(REPLAYED, "nonce 'n-edge' of principal 'alice' was already used"));

    clock.set(NOW.plusMillis(20_001));
    assertThat(verifier.verify(token)).isEqualTo(new Invalid(EXPIRED,
        "time 2026-03-01T10:00:00Z is too old (now 2026-03-01T10:00:20.001Z, skew PT20S)"));
  }

  @Test
  void verify_nonceAfterItsWindow_acceptedAgainInANewToken() {
    assertThat(verifier.verify(alices("n-again", NOW)).isValid()).isTrue();

    clock.set(NOW.plusSeconds(20));
    assertThat(verifier.verify(alices("n-again", NOW.plusSeconds(20))))
        .isEqualTo(new Invalid(REPLAYED, "nonce 'n-again' of principal 'alice' was already used"));

    clock.set(NOW.plusSeconds(21));
    assertThat(verifier.verify(alices("n-again", NOW.plusSeconds(21))).isValid()).isTrue();
  }

  @Test
  void verify_standardJtiAtTheLastAcceptableInstant_replayedThenForgotten() {
    String token = TestTokens.signedBy(Fixtures.alice()).clock(clock).standard(ALICE, AUDIENCE).claim("jti", "j-edge").sign();
    assertThat(verifier.verify(token).isValid()).isTrue();

    clock.set(NOW.plusSeconds(20));
    assertThat(verifier.verify(token)).isEqualTo(new Invalid(REPLAYED, "nonce 'j-edge' of principal 'alice' was already used"));

    clock.set(NOW.plusSeconds(21));
    String later = TestTokens.signedBy(Fixtures.alice()).clock(clock).standard(ALICE, AUDIENCE).claim("jti", "j-edge").sign();
    assertThat(verifier.verify(later).isValid()).isTrue();
  }

  /** A token from the future is accepted until its time + skew; its nonce is kept that long. */
  @Test
  void verify_tokenFromTheFuture_nonceRememberedUntilItsOwnWindowEnds() {
    String token = alices("n-future", NOW.plusSeconds(20));
    assertThat(verifier.verify(token).isValid()).isTrue();

    clock.set(NOW.plusSeconds(40));
    assertThat(verifier.verify(token)).isEqualTo(new Invalid(REPLAYED, "nonce 'n-future' of principal 'alice' was already used"));
  }

  /** Only accepted tokens consume their nonce: a forgery cannot burn alice's next nonce. */
  @Test
  void verify_rejectedTokenWithANonce_doesNotConsumeIt() {
    String forged = compatible(Fixtures.mallory(), ALICE, "n-next", NOW);
    assertThat(verifier.verify(forged)).isEqualTo(new Invalid(Rejection.UNKNOWN_KEY,
        "no key with kid '" + Fixtures.mallory().kid() + "' for principal 'alice'; known kids: [" + Fixtures.alice().kid() + "]"));
    RequestContext request = RequestContext.of("GET", URI.create("https://api.example.com/orders"));
    String bound = TestTokens.signedBy(Fixtures.alice()).clock(clock).compatible(ALICE).claim("nonce", "n-bound").claim("htm", "POST").sign();
    assertThat(verifier.verify(bound, request)).isEqualTo(new Invalid(BINDING_MISMATCH, "claim 'htm' is 'POST' but the request gives 'GET'"));

    assertThat(verifier.verify(alices("n-next", NOW)).isValid()).isTrue();
    assertThat(verifier.verify(bound, RequestContext.of("POST", request.uri())).isValid()).isTrue();
  }

  /** The signature is checked before the nonce: a forgery reusing a used nonce is a forgery, not a replay. */
  @Test
  void verify_forgeryWithAUsedNonce_badSignatureNotReplayed() {
    assertThat(verifier.verify(alices("n-1", NOW)).isValid()).isTrue();
    String forged = TestTokens.signedBy(Fixtures.mallory()).clock(clock).compatible(ALICE).claim("nonce", "n-1").header("kid", null).sign();

    assertThat(verifier.verify(forged)).isEqualTo(new Invalid(BAD_SIGNATURE,
        "ES256 signature (no kid) verifies with none of the 1 keys of principal 'alice' that accept it"));
  }

  @Test
  void verify_oneTokenFrom32ThreadsAtOnce_exactlyOneValid() throws Exception {
    String token = alices("n-race", NOW);
    int threads = 32;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Verification>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(pool.submit(() -> {
          start.await();
          return verifier.verify(token);
        }));
      }
      start.countDown();
      List<Verification> outcomes = new ArrayList<>();
      for (Future<Verification> f : results) {
        outcomes.add(f.get(10, TimeUnit.SECONDS));
      }

      assertThat(outcomes).filteredOn(Verification::isValid).hasSize(1);
      assertThat(outcomes).filteredOn(v -> !v.isValid())
          .hasSize(threads - 1)
          .allSatisfy(v -> assertThat(v).isEqualTo(new Invalid(REPLAYED, "nonce 'n-race' of principal 'alice' was already used")));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void verify_inMemoryStoreFull_replayStoreExceptionNotAcceptance() {
    RequestTokenVerifier small = Fixtures.requestVerifier(clock).replayStore(ReplayStore.inMemory(2, clock)).build();
    assertThat(small.verify(alices("n-1", NOW)).isValid()).isTrue();
    assertThat(small.verify(alices("n-2", NOW)).isValid()).isTrue();

    assertThatThrownBy(() -> small.verify(alices("n-3", NOW)))
        .isInstanceOf(ReplayStoreException.class)
        .hasMessage("in-memory replay store is full (2 live nonces); refusing rather than forgetting");
    // a replay while full is refused too, never accepted
    assertThatThrownBy(() -> small.verify(alices("n-1", NOW))).isInstanceOf(ReplayStoreException.class);
  }

  @Test
  void verify_fullStoreAfterItsNoncesExpire_acceptsAgain() {
    RequestTokenVerifier small = Fixtures.requestVerifier(clock).replayStore(ReplayStore.inMemory(1, clock)).build();
    assertThat(small.verify(alices("n-1", NOW)).isValid()).isTrue();
    assertThatThrownBy(() -> small.verify(alices("n-2", NOW))).isInstanceOf(ReplayStoreException.class);

    clock.set(NOW.plusSeconds(21));
    assertThat(small.verify(alices("n-2", NOW.plusSeconds(21))).isValid()).isTrue();
  }

  @Test
  void verify_replayStoreUnreachable_failsClosed() {
    ReplayStore down = (principal, nonce, expiresAt) -> {
      throw new ReplayStoreException("redis is down");
    };
    RequestTokenVerifier v = Fixtures.requestVerifier(clock).replayStore(down).build();

    assertThatThrownBy(() -> v.verify(alices("n-1", NOW))).isInstanceOf(ReplayStoreException.class).hasMessage("redis is down");
  }

  @Test
  void verify_customStore_toldTheLastAcceptableInstant() {
    List<String> recorded = new ArrayList<>();
    ReplayStore recording = (principal, nonce, expiresAt) -> recorded.add(principal + " " + nonce + " " + expiresAt);
    RequestTokenVerifier v = Fixtures.requestVerifier(clock).replayStore(recording).build();

    v.verify(alices("n-1", NOW.minusSeconds(3)));
    v.verify(TestTokens.signedBy(Fixtures.alice()).clock(clock).standard(ALICE, AUDIENCE).claim("jti", "j-1").sign());

    assertThat(recorded).containsExactly("alice n-1 2026-03-01T10:00:17Z", "alice j-1 2026-03-01T10:00:20Z");
  }

  @Test
  void verify_boundTokenWithMismatchingRequest_nonceStillFree() {
    RequestContext post = RequestContext.of("POST", URI.create("https://api.example.com/orders"));
    String token = TestTokens.signedBy(Fixtures.alice()).clock(clock).compatible(ALICE).claim("htm", "POST").sign();

    assertThat(verifier.verify(token, RequestContext.of("DELETE", post.uri())))
        .isEqualTo(new Invalid(BINDING_MISMATCH, "claim 'htm' is 'POST' but the request gives 'DELETE'"));
    assertThat(verifier.verify(token, post).isValid()).isTrue();
  }
}
