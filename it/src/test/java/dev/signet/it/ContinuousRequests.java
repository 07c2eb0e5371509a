package dev.signet.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Requests without pause, on a thread of their own, to one or more resource servers while a test
 * changes something (a signing-key rotation): each round takes a fresh access token from {@code
 * tokens} and sends it as Bearer to every target; every answer is kept with the {@code kid} that
 * signed the token. A request that could not be sent counts as status 0.
 */
final class ContinuousRequests implements AutoCloseable {
  private static final Duration LIMIT = Duration.ofSeconds(60);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** One answer: which target, the {@code kid} of the token sent, the status and body. */
  record Outcome(String target, String kid, int status, String body) {}

  private final Supplier<String> tokens;
  private final Map<String, URI> targets;
  private final List<Outcome> outcomes = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile Exception failure;

  private ContinuousRequests(Supplier<String> tokens, Map<String, URI> targets) {
    this.tokens = tokens;
    this.targets = Map.copyOf(targets);
    this.thread = Thread.ofPlatform().daemon().name("continuous-requests").start(this::loop);
  }

  /** Starts sending to {@code targets} (name to URL). */
  static ContinuousRequests start(Supplier<String> tokens, Map<String, URI> targets) {
    return new ContinuousRequests(tokens, targets);
  }

  private void loop() {
    while (running) {
      String token;
      try {
        token = tokens.get();
      } catch (RuntimeException e) {
        failure = e;
        return;
      }
      String kid = OAuthClient.kid(token);
      targets.forEach((name, url) -> outcomes.add(send(name, url, kid, token)));
    }
  }

  private static Outcome send(String name, URI url, String kid, String token) {
    HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + token).build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      return new Outcome(name, kid, response.statusCode(), response.body());
    } catch (IOException e) {
      return new Outcome(name, kid, 0, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(name, kid, 0, e.toString());
    }
  }

  /** Waits (up to a minute) until {@code count} more answers match {@code which} than now. */
  void awaitMore(int count, Predicate<Outcome> which) {
    long target = outcomes().stream().filter(which).count() + count;
    Instant deadline = Instant.now().plus(LIMIT);
    while (outcomes().stream().filter(which).count() < target) {
      if (failure != null || !thread.isAlive()) {
        throw new IllegalStateException("the requests stopped: " + failure, failure);
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("fewer than " + count + " more matching answers within " + LIMIT + ": " + outcomes.size() + " in all");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** Every answer so far. */
  List<Outcome> outcomes() {
    return List.copyOf(outcomes);
  }

  /** Stops after the current round; returns every answer. */
  List<Outcome> stop() {
    running = false;
    try {
      thread.join(LIMIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return outcomes();
  }

  @Override
  public void close() {
    stop();
  }
}
