package dev.signet.gateway;

import static dev.signet.gateway.Fixture.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.signet.Algorithm;
import dev.signet.examples.testing.TestIssuer;
import dev.signet.testing.TestKeys;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reloads: by file change and by call, under load, and refused when the new file is bad. */
class ReloadTest {
  @TempDir Path dir;
  TestIssuer issuer;
  Upstream upstream;
  Gateway gateway;
  Path file;

  String yaml(String extraRoute) {
    return """
        listen: 127.0.0.1:0
        issuers:
          - {issuer: %1$s, jwks_uri: %1$s/jwks.json}
        routes:
          - {path: /api, upstream: %2$s, audience: orders-api, auth: access-token}
        %3$s""".formatted(issuer.issuer(), upstream.url(), extraRoute);
  }

  @BeforeEach
  void start() {
    issuer = TestIssuer.start(TestKeys.of(Algorithm.ES256, "reload-issuer"));
    upstream = new Upstream();
    file = Fixture.write(dir, yaml(""));
    gateway = Gateway.start(file, Duration.ofMillis(200));
  }

  @AfterEach
  void stop() {
    gateway.close();
    upstream.close();
    issuer.close();
  }

  @Test
  void fileChanged_newRouteServedWithoutRestart() {
    assertThat(get(gateway.uri().resolve("/open/x")).statusCode()).isEqualTo(404);

    Fixture.write(dir, yaml("  - {path: /open, upstream: %s, auth: none}\n".formatted(upstream.url())));

    await().atMost(Duration.ofSeconds(10)).until(() -> gateway.reloads() == 1);
    assertThat(get(gateway.uri().resolve("/open/x")).statusCode()).isEqualTo(200);
  }

  @Test
  void sighup_reloadsTheFile() throws Exception {
    try (Gateway unwatched = Gateway.start(file, Duration.ofHours(1))) {
      // installed first: unhandled, SIGHUP would end this JVM
      assertThat(unwatched.reloadOnHangup()).isTrue();
      Fixture.write(dir, yaml("  - {path: /open, upstream: %s, auth: none}\n".formatted(upstream.url())));

      Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(ProcessHandle.current().pid())).start();

      assertThat(kill.waitFor()).isZero();
      await().atMost(Duration.ofSeconds(10)).until(() -> unwatched.reloads() == 1);
      assertThat(get(unwatched.uri().resolve("/open/x")).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void reload_badFile_refusedAndOldConfigurationStays() {
    String token = issuer.accessToken("ann", "orders-api", "");
    Fixture.write(dir, yaml("  - {path: /open, upstream: not-a-url, auth: none}\n"));

    assertThat(gateway.reload()).isFalse();
    assertThat(gateway.reloads()).isZero();
    assertThat(get(gateway.uri().resolve("/api/x"), "Authorization", "Bearer " + token).statusCode()).isEqualTo(200);
  }

  @Test
  void reload_listenerChanged_refused() {
    Fixture.write(dir, yaml("").replace("listen: 127.0.0.1:0", "listen: 127.0.0.1:1"));

    assertThat(gateway.reload()).isFalse();
  }

  @Test
  void reload_underLoad_dropsNoRequest() throws Exception {
    int clients = 8;
    AtomicBoolean running = new AtomicBoolean(true);
    Statuses statuses = new Statuses();
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    AtomicInteger sent = new AtomicInteger();
    CountDownLatch warmedUp = new CountDownLatch(clients);
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<?>> loops = new java.util.ArrayList<>();
    for (int c = 0; c < clients; c++) {
      String token = issuer.accessToken("client-" + c, "orders-api", "");
      loops.add(pool.submit(() -> {
        boolean first = true;
        while (running.get()) {
          try {
            HttpResponse<String> r = get(gateway.uri().resolve("/api/load"), "Authorization", "Bearer " + token);
            statuses.add(r.statusCode());
            sent.incrementAndGet();
          } catch (RuntimeException e) {
            failures.add(e);
          }
          if (first) {
            warmedUp.countDown();
            first = false;
          }
        }
      }));
    }
    warmedUp.await();
    for (int i = 0; i < 10; i++) {
      String extra = i % 2 == 0 ? "  - {path: /open, upstream: %s, auth: none}\n".formatted(upstream.url()) : "";
      Fixture.write(dir, yaml(extra));
      assertThat(gateway.reload()).isTrue();
    }
    running.set(false);
    for (Future<?> loop : loops) {
      loop.get();
    }
    pool.shutdown();

    assertThat(failures).isEmpty();
    assertThat(statuses.seen).containsOnlyKeys(200);
    assertThat(sent.get()).isGreaterThan(clients);
  }

  /** The statuses seen, with counts. */
  static final class Statuses {
    final ConcurrentHashMap<Integer, AtomicInteger> seen = new ConcurrentHashMap<>();

    void add(int status) {
      seen.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
    }
  }
}
