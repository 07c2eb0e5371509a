package dev.signet.bench;

import dev.signet.KeySource;
import dev.signet.web.Access;
import dev.signet.web.Decision;
import dev.signet.web.IncomingRequest;
import dev.signet.web.ResourceServer;
import dev.signet.web.TrustedIssuer;
import dev.signet.web.servlet.SignetFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Server;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What signet-web's verified-token cache buys, and what its servlet filter costs.
 *
 * <ul>
 *   <li>{@code engineCold}: {@code ResourceServer.authenticate} of a bearer access token with the
 *       cache off: header parse, issuer choice, the full core verify, scopes.
 *   <li>{@code engineCached}: the same token again and again with the cache on (the default): a
 *       SHA-256 of the token and a Caffeine lookup instead of the verify.
 *   <li>{@code servletBare}, {@code servletFilteredCached}, {@code servletFilteredCold}: one
 *       {@code GET /me} through a real Jetty 12 (ee10) server by its {@link LocalConnector} (the
 *       whole HTTP stack, no sockets) to a servlet that writes a short text: bare, then behind
 *       {@link SignetFilter} with the cache on, then off. Same keys and token as the engine runs.
 * </ul>
 *
 * <p>Besides throughput, {@link CpuCost} gives CPU time per operation: the benchmark thread's for
 * the engine runs, the whole JVM's for the servlet runs (Jetty serves on its own threads).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class WebBenchmark {
  @Param({"RS256", "ES256"})
  public String algorithm = "RS256";

  private Fixture fixture;
  private ResourceServer cached;
  private ResourceServer cold;
  private IncomingRequest request;
  private final Access access = Access.scopes("orders:read");
  private Server bare;
  private Server filteredCached;
  private Server filteredCold;
  private LocalConnector bareConnector;
  private LocalConnector cachedConnector;
  private LocalConnector coldConnector;
  private String rawRequest = "";

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    fixture = Fixture.of(algorithm);
    cached = resourceServer(10_000);
    cold = resourceServer(0);
    request = new Request(fixture.accessToken);
    rawRequest = "GET /me HTTP/1.1\r\nHost: api.example.com\r\nAuthorization: Bearer " + fixture.accessToken + "\r\n\r\n";
    bareConnector = new LocalConnector(bare = new Server());
    cachedConnector = new LocalConnector(filteredCached = new Server());
    coldConnector = new LocalConnector(filteredCold = new Server());
    start(bare, bareConnector, null);
    start(filteredCached, cachedConnector, cached);
    start(filteredCold, coldConnector, cold);
  }

  private ResourceServer resourceServer(int cacheEntries) {
    return ResourceServer.builder(URI.create("https://api.example.com"))
        .trust(TrustedIssuer.builder(Fixture.ISSUER).keys(KeySource.of(fixture.key.publicKey())).audience(Fixture.RESOURCE).build())
        .tokenCache(cacheEntries, Duration.ofMinutes(5)).clock(Fixture.CLOCK).build();
  }

  private static void start(Server server, LocalConnector connector, @Nullable ResourceServer resourceServer) throws Exception {
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    if (resourceServer != null) {
      context.addFilter(new FilterHolder(new SignetFilter(resourceServer)), "/*", EnumSet.of(DispatcherType.REQUEST));
    }
    context.addServlet(new ServletHolder(new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        res.setContentType("text/plain");
        res.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
      }
    }), "/*");
    server.setHandler(context);
    server.start();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    bare.stop();
    filteredCached.stop();
    filteredCold.stop();
    cached.close();
    cold.close();
  }

  @Benchmark
  public Decision engineCold(CpuCost cpu) {
    cpu.count();
    return authenticated(cold.authenticate(request, access));
  }

  @Benchmark
  public Decision engineCached(CpuCost cpu) {
    cpu.count();
    return authenticated(cached.authenticate(request, access));
  }

  @Benchmark
  public String servletBare(CpuCost cpu) throws Exception {
    cpu.count();
    return ok(bareConnector.getResponse(rawRequest));
  }

  @Benchmark
  public String servletFilteredCached(CpuCost cpu) throws Exception {
    cpu.count();
    return ok(cachedConnector.getResponse(rawRequest));
  }

  @Benchmark
  public String servletFilteredCold(CpuCost cpu) throws Exception {
    cpu.count();
    return ok(coldConnector.getResponse(rawRequest));
  }

  private static Decision authenticated(Decision d) {
    if (!(d instanceof Decision.Authenticated)) {
      throw new IllegalStateException("refused: " + d);
    }
    return d;
  }

  private static String ok(String response) {
    if (!response.startsWith("HTTP/1.1 200")) {
      throw new IllegalStateException("not served: " + response);
    }
    return response;
  }

  /** A bearer request to {@code GET /me}, as an integration would present it. */
  private record Request(String token) implements IncomingRequest {
    @Override
    public String method() {
      return "GET";
    }

    @Override
    public String path() {
      return "/me";
    }

    @Override
    public String rawPath() {
      return "/me";
    }

    @Override
    public @Nullable String rawQuery() {
      return null;
    }

    @Override
    public List<String> headers(String name) {
      return name.equalsIgnoreCase("Authorization") ? List.of("Bearer " + token) : List.of();
    }

    @Override
    public String remoteAddress() {
      return "127.0.0.1";
    }

    @Override
    public String scheme() {
      return "https";
    }

    @Override
    public Optional<byte[]> body(int maxBytes) {
      return Optional.of(new byte[0]);
    }
  }
}
