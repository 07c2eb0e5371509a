package dev.signet.bench;

import dev.signet.RequestContext;
import dev.signet.RequestTokenBuilder;
import dev.signet.SigningKey;
import dev.signet.TokenSigner;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Provider;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Load for a running Signet server on loopback: {@code GET /healthz} without a token (the
 * baseline), then {@code GET /whoami} with a fresh request token per request, each for the same
 * time and number of connections; prints requests/s, latency percentiles and the ratio of the two.
 *
 * <p>Request tokens are single-use (nonce) and valid only within the server's clock skew of their
 * {@code time}, so they cannot be generated into a file ahead of a long run. A signer thread makes
 * them just in time into a small queue, and the HTTP workers take one per request. Signing runs
 * on this machine too; its cost is reported, and it is small for ES256 and EdDSA.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.signet.bench.WhoamiLoad \
 *     --url http://127.0.0.1:8080 --principal alice --key alice.pem [--duration 20s]
 *     [--connections 8] [--audience URL] [--bind] [--accp]
 * </pre>
 */
public final class WhoamiLoad {
  private WhoamiLoad() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    URI base = URI.create(required(options, "url").replaceAll("/+$", ""));
    requireLoopback(base);
    String principal = required(options, "principal");
    SigningKey key = SigningKey.parse(Files.readString(Path.of(required(options, "key"))));
    Duration duration = Duration.parse("PT" + options.getOrDefault("duration", "20s").toUpperCase(java.util.Locale.ROOT));
    int connections = Integer.parseInt(options.getOrDefault("connections", "8"));
    @Nullable Provider provider = options.containsKey("accp") ? Providers.accp() : null;
    TokenSigner signer = TokenSigner.of(key, Clock.systemUTC(), provider);
    URI whoami = base.resolve("/whoami");
    String audience = options.get("audience");
    boolean bind = options.containsKey("bind");

    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    System.out.printf("target %s, %d connections, %s per phase, key %s%n", base, connections, duration, key);

    Phase health = run("GET /healthz (no token)", client, connections, duration, () -> base.resolve("/healthz"), null);
    Tokens tokens = new Tokens(() -> {
      RequestTokenBuilder token = signer.requestToken(principal);
      if (audience != null) {
        token.audience(audience);
      }
      if (bind) {
        token.bind(RequestContext.of("GET", whoami));
      }
      return token.sign();
    });
    Phase authenticated = run("GET /whoami (request token)", client, connections, duration, () -> whoami, tokens);
    tokens.stop();

    System.out.println();
    System.out.println(Phase.HEADER);
    System.out.println(health);
    System.out.println(authenticated);
    System.out.printf("%nauthenticated / unauthenticated requests/s: %.2f%n", authenticated.perSecond() / health.perSecond());
    System.out.printf("token signing on the client: %.1f µs per token%n", tokens.signingMicros());
    if (authenticated.failures() > 0 || health.failures() > 0) {
      System.out.println("WARNING: some responses were not 200 (see 'non-200'); the figures include them");
    }
  }

  private interface Target {
    URI uri();
  }

  private interface Source {
    String token() throws Exception;
  }

  /** Request tokens signed just in time by one thread, a second's worth at most ahead. */
  private static final class Tokens {
    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(1024);
    private final Thread signer;
    private final AtomicLong signed = new AtomicLong();
    private final AtomicLong signingNanos = new AtomicLong();
    private volatile boolean running = true;

    Tokens(Source source) {
      signer = Thread.ofPlatform().daemon().name("token-signer").start(() -> {
        try {
          while (running) {
            long start = System.nanoTime();
            String token = source.token();
            signingNanos.addAndGet(System.nanoTime() - start);
            signed.incrementAndGet();
            while (running && !queue.offer(token, 100, TimeUnit.MILLISECONDS)) {
              // the workers are slower than the signer; wait
            }
          }
        } catch (InterruptedException e) {
          // stopped
        } catch (Exception e) {
          throw new IllegalStateException("signing failed", e);
        }
      });
    }

    String take() throws InterruptedException {
      return queue.take();
    }

    void stop() {
      running = false;
      signer.interrupt();
    }

    double signingMicros() {
      long n = signed.get();
      return n == 0 ? 0 : signingNanos.get() / 1000.0 / n;
    }
  }

  private record Phase(String name, long requests, long failures, double seconds, long[] latencies) {
    static final String HEADER = String.format("%-30s %10s %9s %10s %9s %9s %9s %9s", "phase", "requests", "non-200", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms");

    double perSecond() {
      return requests / seconds;
    }

    double percentile(double p) {
      if (latencies.length == 0) {
        return 0;
      }
      int index = (int) Math.min(latencies.length - 1, Math.ceil(p / 100 * latencies.length) - 1);
      return latencies[Math.max(0, index)] / 1e6;
    }

    @Override
    public String toString() {
      return String.format("%-30s %10d %9d %10.0f %9.2f %9.2f %9.2f %9.2f", name, requests, failures, perSecond(),
          percentile(50), percentile(90), percentile(99), percentile(100));
    }
  }

  private static Phase run(String name, HttpClient client, int connections, Duration duration, Target target, @Nullable Tokens tokens)
      throws InterruptedException {
    System.out.printf("%s: warming up 3 s, then %s%n", name, duration);
    drive(client, connections, Duration.ofSeconds(3), target, tokens);
    long start = System.nanoTime();
    List<Worker> workers = drive(client, connections, duration, target, tokens);
    double seconds = (System.nanoTime() - start) / 1e9;
    long requests = 0;
    long failures = 0;
    List<long[]> all = new ArrayList<>();
    for (Worker w : workers) {
      requests += w.count;
      failures += w.failures;
      all.add(Arrays.copyOf(w.latencies, w.count));
    }
    long[] latencies = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    return new Phase(name, requests, failures, seconds, latencies);
  }

  private static List<Worker> drive(HttpClient client, int connections, Duration duration, Target target, @Nullable Tokens tokens)
      throws InterruptedException {
    long deadline = System.nanoTime() + duration.toNanos();
    List<Worker> workers = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      Worker w = new Worker(client, target, tokens, deadline);
      workers.add(w);
      threads.add(Thread.ofPlatform().name("load-" + i).start(w));
    }
    for (Thread t : threads) {
      t.join();
    }
    for (Worker w : workers) {
      if (w.error != null) {
        throw new IllegalStateException("requests failed: " + w.error, w.error);
      }
    }
    return workers;
  }

  /** One connection's loop: a request, wait for the answer, the next. */
  private static final class Worker implements Runnable {
    private final HttpClient client;
    private final Target target;
    private final @Nullable Tokens tokens;
    private final long deadline;
    long[] latencies = new long[1 << 16];
    int count;
    long failures;
    @Nullable Exception error;

    Worker(HttpClient client, Target target, @Nullable Tokens tokens, long deadline) {
      this.client = client;
      this.target = target;
      this.tokens = tokens;
      this.deadline = deadline;
    }

    @Override
    public void run() {
      try {
        while (System.nanoTime() < deadline) {
          HttpRequest.Builder request = HttpRequest.newBuilder(target.uri()).GET().timeout(Duration.ofSeconds(10));
          if (tokens != null) {
            request.header("Authorization", "JWT " + tokens.take());
          }
          long start = System.nanoTime();
          HttpResponse<Void> response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
          long elapsed = System.nanoTime() - start;
          if (response.statusCode() != 200) {
            failures++;
          }
          if (count == latencies.length) {
            latencies = Arrays.copyOf(latencies, count * 2);
          }
          latencies[count++] = elapsed;
        }
      } catch (IOException | InterruptedException e) {
        error = e;
      }
    }
  }

  private static void requireLoopback(URI uri) throws IOException {
    String host = uri.getHost();
    if (host == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
      throw new IllegalArgumentException("--url must be http(s)://host:port, not " + uri);
    }
    for (InetAddress address : InetAddress.getAllByName(host)) {
      if (!address.isLoopbackAddress()) {
        throw new IllegalArgumentException("refusing to load " + host + " (" + address.getHostAddress() + "): loopback targets only");
      }
    }
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument: " + args[i]);
      }
      String name = args[i].substring(2);
      boolean flag = name.equals("bind") || name.equals("accp");
      if (!flag && i + 1 == args.length) {
        throw new IllegalArgumentException("--" + name + " needs a value");
      }
      options.put(name, flag ? "true" : args[++i]);
    }
    return options;
  }

  private static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return value;
  }
}
