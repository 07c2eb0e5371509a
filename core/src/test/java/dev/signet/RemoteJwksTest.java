package dev.signet;

import static dev.signet.Fixtures.ALICE;
import static dev.signet.Fixtures.AUDIENCE;
import static dev.signet.Fixtures.ISSUER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.signet.Verification.Invalid;
import dev.signet.testing.ManualExecutor;
import dev.signet.testing.MutableClock;
import dev.signet.testing.TestKeys;
import dev.signet.testing.TestTokens;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RemoteJwks}' caching against a real HTTP server on a free loopback port: refresh ahead,
 * unknown kids answered at once and refetched in the background, the fetch bound, the outage
 * tolerance, and closing. Time is a {@link MutableClock} and background work a
 * {@link ManualExecutor}: tests move time and run refreshes instead of sleeping.
 */
class RemoteJwksTest {
  private final MutableClock clock = Fixtures.clock();
  private final ManualExecutor background = new ManualExecutor();
  private final SigningKey k1 = TestKeys.of(Algorithm.ES256, "jwks-1");
  private final SigningKey k2 = TestKeys.of(Algorithm.ES256, "jwks-2");
  private final JwksServer server;

  RemoteJwksTest() throws IOException {
    server = new JwksServer(k1.publicKey());
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private RemoteJwks.Builder remote() {
    return RemoteJwks.builder(server.uri("/jwks.json")).clock(clock).executor(background)
        .fetchTimeout(Duration.ofSeconds(10)); // generous: the machine may be busy
  }

  private TokenVerifier verifier(KeySource keys) {
    return TokenVerifier.builder(keys).issuer(ISSUER).audience(AUDIENCE).clock(clock).build();
  }

  private String token(SigningKey key) {
    return TestTokens.signedBy(key).clock(clock).accessToken(ISSUER, ALICE, AUDIENCE, "a").sign();
  }

  private String tokenWithKid(SigningKey key, String kid) {
    return TestTokens.signedBy(key).clock(clock).accessToken(ISSUER, ALICE, AUDIENCE, "a").header("kid", kid).sign();
  }

  private static Invalid unknown(String kid) {
    return new Invalid(Rejection.UNKNOWN_KEY, "no key with kid '" + kid + "' for issuer '" + ISSUER + "'");
  }

  private int fetches() {
    return server.requestsTo("/jwks.json");
  }

  @Test
  void verify_manyTokens_oneFetch() {
    TokenVerifier verifier = verifier(remote().build());

    for (int i = 0; i < 25; i++) {
      assertThat(verifier.verify(token(k1)).isValid()).isTrue();
    }
    assertThat(fetches()).isEqualTo(1);
    assertThat(background.pending()).isZero();
  }

  @Test
  void verify_tokenWithoutKid_usesCachedKeys() {
    TokenVerifier verifier = verifier(remote().build());

    assertThat(verifier.verify(tokenWithKid(k1, null)).isValid()).isTrue();
    assertThat(verifier.verify(tokenWithKid(k1, null)).isValid()).isTrue();
    assertThat(fetches()).isEqualTo(1);
  }

  /** The caller is never the one that waits for a refetch: the next token after it succeeds. */
  @Test
  void verify_keyRotatedIn_unknownAtOnceThenFoundAfterBackgroundRefetch() {
    TokenVerifier verifier = verifier(remote().build());
    assertThat(verifier.verify(token(k1)).isValid()).isTrue();
    server.document = JwksServer.jwks(k1.publicKey(), k2.publicKey());
    clock.advance(Duration.ofSeconds(10));

    assertThat(verifier.verify(token(k2))).isEqualTo(unknown(k2.kid()));
    assertThat(fetches()).isEqualTo(1);
    assertThat(background.runAll()).isEqualTo(1);

    assertThat(verifier.verify(token(k2)).isValid()).isTrue();
    assertThat(verifier.verify(token(k1)).isValid()).isTrue();
    assertThat(fetches()).isEqualTo(2);
  }

  /** A hanging endpoint holds up no caller with an unknown kid: the refetch runs on another thread. */
  @Test
  void verify_unknownKidsWhileRefetchHangs_answeredWithoutWaiting() throws InterruptedException {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch hanging = new CountDownLatch(1);
    server.route("/hangs-later", exchange -> {
      if (server.requestsTo("/hangs-later") > 1) {
        hanging.countDown();
        await(release);
      }
      JwksServer.respond(exchange, 200, server.document);
    });
    RemoteJwks keys = RemoteJwks.builder(server.uri("/hangs-later")).clock(clock).executor(background).fetchTimeout(Duration.ofSeconds(60)).build();
    TokenVerifier verifier = verifier(keys);
    assertThat(verifier.verify(token(k1)).isValid()).isTrue();
    clock.advance(Duration.ofSeconds(10));
    assertThat(verifier.verify(tokenWithKid(k1, "new"))).isEqualTo(unknown("new"));
    Thread refetch = new Thread(background::runAll, "test-refetch");
    refetch.start();
    await(hanging);

    // a design that made callers wait for the refetch would take the whole fetchTimeout (60 s) here
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      for (int i = 0; i < 20; i++) {
        assertThat(verifier.verify(tokenWithKid(k1, "new-" + i))).isEqualTo(unknown("new-" + i));
        assertThat(verifier.verify(token(k1)).isValid()).isTrue();
      }
    });

    release.countDown();
    refetch.join(TimeUnit.SECONDS.toMillis(30));
    assertThat(server.requestsTo("/hangs-later")).isEqualTo(2);
  }

  /** A flood of made-up kids costs one fetch per spacing (60 s / maxFetchesPerMinute), never 503. */
  @Test
  void verify_floodOfUnknownKids_oneFetchPerSpacing() {
    TokenVerifier verifier = verifier(remote().maxFetchesPerMinute(2).build());
    assertThat(verifier.verify(token(k1)).isValid()).isTrue();

    for (int minute = 0; minute < 3; minute++) {
      for (int i = 0; i < 50; i++) {
        assertThat(verifier.verify(tokenWithKid(k1, "made-up-" + minute + "-" + i))).isInstanceOf(Invalid.class);
        background.runAll();
        clock.advance(Duration.ofMillis(1200)); // 60 s a minute
      }
    }

    assertThat(fetches()).isEqualTo(1 + 5); // one every 30 s from the first: at 30, 60, 90, 120 and 150 s
    assertThat(verifier.verify(token(k1)).isValid()).isTrue();
  }

  /** A kid that triggered a refetch costs no further fetch while it stays unknown. */
  @Test
  void verify_sameUnknownKidAgain_notRefetchedUntilUnknownKidTtl() {
    TokenVerifier verifier = verifier(remote().unknownKidTtl(Duration.ofMinutes(1)).build());
    assertThat(verifier.verify(token(k1)).isValid()).isTrue();
    clock.advance(Duration.ofSeconds(10));

    for (int i = 0; i < 10; i++) {
      assertThat(verifier.verify(token(k2))).isEqualTo(unknown(k2.kid()));
      background.runAll();
      clock.advance(Duration.ofSeconds(5));
    }
    assertThat(fetches()).isEqualTo(2);

    clock.advance(Duration.ofSeconds(15)); // the kid is forgotten: the next one asks again
    assertThat(verifier.verify(token(k2))).isEqualTo(unknown(k2.kid()));
    background.runAll();
    assertThat(fetches()).isEqualTo(3);
  }

  /**
   * gh-13: a kid sent before the issuer publishes it was remembered as unknown, and the memory
   * outweighed a document that has it. The document is consulted first now.
   */
  @Test
  void verify_kidRememberedUnknownThenPublished_servedFromTheNewDocument() {
    TokenVerifier verifier = verifier(remote().unknownKidTtl(Duration.ofMinutes(5)).build());
    assertThat(verifier.verify(token(k1)).isValid()).isTrue();
    clock.advance(Duration.ofSeconds(10));
    assertThat(verifier.verify(token(k2))).isEqualTo(unknown(k2.kid())); // the attacker's early token
    background.runAll();

    server.document = JwksServer.jwks(k1.publicKey(), k2.publicKey());
    clock.advance(Duration.ofSeconds(10));
    assertThat(verifier.verify(tokenWithKid(k1, "other"))).isEqualTo(unknown("other")); // any refetch will do
    background.runAll();

    assertThat(verifier.verify(token(k2)).isValid()).isTrue();
  }

  /** A kid unknown while refetching was not allowed is not a verdict: once allowed, the refetch finds it. */
  @Test
  void verify_kidUnknownWhileFetchingNotAllowed_foundOnceAllowed() {
    TokenVerifier verifier = verifier(remote().build());
    assertThat(verifier.verify(token(k1)).isValid()).isTrue();
    server.document = JwksServer.jwks(k1.publicKey(), k2.publicKey());

    assertThat(verifier.verify(token(k2))).isEqualTo(unknown(k2.kid())); // within 10 s of the first fetch
    assertThat(background.pending()).isZero();
    clock.advance(Duration.ofSeconds(10));
    assertThat(verifier.verify(token(k2))).isEqualTo(unknown(k2.kid()));
    background.runAll();

    assertThat(verifier.verify(token(k2)).isValid()).isTrue();
  }

  @Test
  void keys_atThreeQuartersOfCacheTtl_refreshedInTheBackground() {
    RemoteJwks keys = remote().cacheTtl(Duration.ofMinutes(4)).build();
    assertThat(keys.keys(null)).containsExactly(k1.publicKey());
    server.document = JwksServer.jwks(k2.publicKey());

    clock.advance(Duration.ofMinutes(3).minusSeconds(1));
    assertThat(keys.keys(null)).containsExactly(k1.publicKey());
    assertThat(background.pending()).isZero();
    clock.advance(Duration.ofSeconds(1));
    assertThat(keys.keys(null)).containsExactly(k1.publicKey()); // answered from the cache
    assertThat(fetches()).isEqualTo(1);
    background.runAll();

    assertThat(keys.keys(null)).containsExactly(k2.publicKey());
    assertThat(fetches()).isEqualTo(2);
  }

  @Test
  void keys_idlePastCacheTtl_callerFetches() {
    RemoteJwks keys = remote().build();
    assertThat(keys.keys(null)).containsExactly(k1.publicKey());
    server.document = JwksServer.jwks(k2.publicKey());

    clock.advance(Duration.ofMinutes(6));

    assertThat(keys.keys(null)).containsExactly(k2.publicKey());
    assertThat(fetches()).isEqualTo(2);
  }

  @Test
  void verify_endpointDownPastCacheTtl_lastDocumentServesForTheOutageTolerance() {
    TokenVerifier verifier = verifier(remote().cacheTtl(Duration.ofMinutes(5)).outageTolerance(Duration.ofMinutes(30)).build());
    assertThat(verifier.verify(token(k1)).isValid()).isTrue();
    server.takeDown();

    clock.advance(Duration.ofMinutes(6));
    assertThat(verifier.verify(token(k1)).isValid()).isTrue(); // its fetch failed; the stale document answers
    clock.advance(Duration.ofMinutes(20));
    assertThat(verifier.verify(token(k1)).isValid()).isTrue();
    background.runAll(); // the retries fail too
    assertThat(verifier.verify(token(k2))).isEqualTo(unknown(k2.kid()));

    clock.advance(Duration.ofMinutes(10)); // 36 min: past cacheTtl + outageTolerance
    assertThatThrownBy(() -> verifier.verify(token(k1)))
        .isInstanceOf(KeySourceException.class)
        .hasMessageStartingWith("JWKS at " + server.uri("/jwks.json") + " is unavailable: JWKS fetch failed: ")
        .hasMessageContaining("; the last document, fetched at 2026-03-01T10:00:00Z, is past cacheTtl + outageTolerance");
  }

  @Test
  void verify_nothingCachedAndEndpointDown_keySourceExceptionAndNoRetryWithinTheSpacing() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    URI nowhere = URI.create("http://127.0.0.1:" + closedPort + "/jwks.json");
    TokenVerifier verifier = verifier(RemoteJwks.builder(nowhere).clock(clock).executor(background).build());

    assertThatThrownBy(() -> verifier.verify(token(k1)))
        .isInstanceOf(KeySourceException.class)
        .hasMessageStartingWith("JWKS at " + nowhere + " is unavailable: JWKS fetch failed: ");
    assertThatThrownBy(() -> verifier.verify(token(k1)))
        .isInstanceOf(KeySourceException.class)
        .hasMessageEndingWith("; next attempt from 2026-03-01T10:00:10Z");
  }

  @Test
  void close_afterwards_noBackgroundRefreshAndTheDocumentStillAnswers() {
    RemoteJwks keys = remote().cacheTtl(Duration.ofMinutes(4)).build();
    assertThat(keys.keys(null)).containsExactly(k1.publicKey());

    keys.close();
    clock.advance(Duration.ofMinutes(3));

    assertThat(keys.keys(null)).containsExactly(k1.publicKey());
    assertThat(keys.keys("unknown")).isEmpty();
    assertThat(background.pending()).isZero();
    clock.advance(Duration.ofHours(2));
    assertThatThrownBy(() -> keys.keys(null))
        .isInstanceOf(KeySourceException.class)
        .hasMessageStartingWith("JWKS at " + server.uri("/jwks.json") + " is unavailable: it is closed");
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
