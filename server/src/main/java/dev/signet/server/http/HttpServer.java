package dev.signet.server.http;

import dev.signet.server.audit.AuditLog;
import dev.signet.server.config.ServerConfig;
import dev.signet.server.enrollment.EnrollmentCodes;
import dev.signet.server.keys.EncryptionKeys;
import dev.signet.server.keys.SigningKeys;
import dev.signet.server.metrics.ServerMetrics;
import dev.signet.server.registry.CachedPrincipalKeys;
import dev.signet.server.registry.KeyRegistry;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.jspecify.annotations.Nullable;

/**
 * The server's public HTTP side on Javalin (Jetty 12): one connector (http, or https from PEM
 * files) on a {@link Listener} bound before anything else started, request headers and bodies
 * bounded, graceful stop, every route of SPEC §4 that this server serves, and the one error
 * mapper. Metrics and readiness detail are not here: they are the {@link ManagementServer}'s.
 *
 * <p>Request-token authentication needs the server's issuer, which with {@code --port 0} is known
 * only once the port is bound; routes therefore reach it through {@link #authenticateWith}, and
 * answer 503 in the instant before it is set.
 */
public final class HttpServer {
  /**
   * Jetty's per-connection cache of header lines ({@code HttpConfiguration.headerCacheSize}: the
   * longest value cached and the cache's size in characters, 1,024 by default). It keeps a line
   * such as {@code Host} that a keep-alive connection repeats, and also every {@code Authorization}
   * value that fits, so a request token (distinct on every request, 200-800 characters) was added
   * to it, filled it and cleared it on each request, and the next request's header was matched
   * against it character by character: ~60% of Jetty's header parsing under {@code /whoami} load
   * (gh-18). No signed token is this short (an Ed25519 or P-256 signature alone is 86 characters);
   * {@code Host}, {@code Accept} and the like still fit.
   */
  static final int HEADER_CACHE_SIZE = 128;

  /** What the routes work on. */
  public record Services(KeyRegistry registry, CachedPrincipalKeys principalKeys, EnrollmentCodes enrollments,
      AuditLog audit, Clock clock, Map<String, BooleanSupplier> dependencies, SigningKeys signingKeys,
      EncryptionKeys encryptionKeys) {}

  private final Javalin app;
  private final boolean tls;
  private final String host;
  private final AtomicReference<RequestTokenAuthentication> authentication;
  private final AtomicReference<OAuth> oauth;
  private final @Nullable URI configuredIssuer;

  private HttpServer(Javalin app, boolean tls, String host, AtomicReference<RequestTokenAuthentication> authentication,
      AtomicReference<OAuth> oauth, @Nullable URI configuredIssuer) {
    this.oauth = oauth;
    this.app = app;
    this.tls = tls;
    this.host = host;
    this.authentication = authentication;
    this.configuredIssuer = configuredIssuer;
  }

  /** The server on {@code listener}, not started yet; it owns the listener from here on. */
  public static HttpServer create(ServerConfig config, Services services, ServerMetrics metrics, Listener listener) {
    AtomicReference<RequestTokenAuthentication> authentication = new AtomicReference<>();
    java.util.function.Supplier<RequestTokenAuthentication> auth = () -> {
      RequestTokenAuthentication a = authentication.get();
      if (a == null) {
        throw new ApiException503();
      }
      return a;
    };
    AtomicReference<OAuth> oauth = new AtomicReference<>();
    java.util.function.Supplier<OAuth> tokens = () -> {
      OAuth o = oauth.get();
      if (o == null) {
        throw new ApiException503();
      }
      return o;
    };
    Path tlsCert = config.tlsCert();
    Path tlsKey = config.tlsKey();
    SslContextFactory.Server ssl = tlsCert != null && tlsKey != null ? Tls.contextFactory(tlsCert, tlsKey) : null;
    AtomicReference<HttpServer> self = new AtomicReference<>(); // the issuer may be the base URL, known once bound
    TrustedProxies proxies = TrustedProxies.parse(config.trustedProxies());
    Javalin app = Javalin.create(c -> {
      c.startup.showJavalinBanner = false;
      c.startup.showOldJavalinVersionWarning = false;
      c.jsonMapper(new JavalinJackson(Json.MAPPER, false));
      c.http.maxRequestSize = config.maxBodyBytes();
      c.http.defaultContentType = "application/json";
      c.http.prefer405over404 = true;
      c.http.compressionStrategy = CompressionStrategy.NONE; // small JSON answers: the wrapper stream cost more than it saved
      c.jetty.modifyHttpConfiguration(h -> {
        h.setRequestHeaderSize(config.maxHeaderBytes());
        h.setSendServerVersion(false);
        h.setHeaderCacheSize(HEADER_CACHE_SIZE);
      });
      c.jetty.modifyServer(server -> {
        server.setStopTimeout(config.shutdownTimeout().toMillis());
        server.insertHandler(new HealthzHandler(metrics)); // below the graceful stop, above Javalin
        server.insertHandler(new WhoamiHandler(new Whoami(auth, tokens, services.principalKeys()), metrics, proxies));
        server.insertHandler(new GracefulHandler());
        server.setErrorHandler(new JsonErrorHandler());
      });
      c.jetty.addConnector((server, httpConfig) -> {
        ServerConnector connector = ssl == null
            ? new ServerConnector(server, new HttpConnectionFactory(httpConfig))
            : new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(secure(httpConfig)));
        return listener.attach(connector);
      });
      c.routes.before(ctx -> {
        RequestIds.assign(ctx, proxies);
        Bodies.limit(ctx, config.maxBodyBytes());
      });
      c.routes.after(ctx -> {
        metrics.request(ctx.method().name(), route(ctx), ctx.statusCode());
        RequestIds.clear();
      });
      ErrorResponses.register(c);
      new HealthRoutes(services.dependencies(), metrics).registerPublic(c);
      new PrincipalRoutes(auth, tokens, services).register(c);
      new TokenRoutes(tokens).register(c);
      new AdminRoutes(auth, services).register(c);
      new JwksRoutes(java.util.List.of(services.signingKeys(), services.encryptionKeys()), config.jwksMaxAge()).register(c);
      new MetadataRoutes(() -> self.get().issuer(), config.jwksMaxAge()).register(c, java.util.Optional.ofNullable(config.issuer()));
      new SigningKeyRoutes(services.signingKeys(), services.clock()).register(c);
      new SigningKeyRoutes(services.encryptionKeys(), services.clock()).register(c);
    });
    HttpServer server = new HttpServer(app, ssl != null, listener.host(), authentication, oauth, config.issuer());
    self.set(server);
    return server;
  }

  private static HttpConfiguration secure(HttpConfiguration plain) {
    HttpConfiguration https = new HttpConfiguration(plain);
    SecureRequestCustomizer customizer = new SecureRequestCustomizer();
    customizer.setSniHostCheck(false); // clients may address the server by IP or another name than the certificate's
    https.addCustomizer(customizer);
    return https;
  }

  private static String route(Context ctx) {
    try {
      io.javalin.router.Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
      return matched == null ? "unmatched" : matched.path;
    } catch (RuntimeException e) {
      return "unmatched";
    }
  }

  public void start() {
    app.start();
  }

  public void authenticateWith(RequestTokenAuthentication auth) {
    authentication.set(auth);
  }

  /** The token endpoint, introspection, revocation and access tokens on {@code /whoami}; 503 until set. */
  public void issueTokensWith(OAuth tokens) {
    oauth.set(tokens);
  }

  public int port() {
    return app.port();
  }

  /** The issuer: {@code --issuer}, else the base URL. */
  public URI issuer() {
    return configuredIssuer != null ? configuredIssuer : baseUrl();
  }

  /** {@code http(s)://host:port}, as bound. */
  public URI baseUrl() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return URI.create((tls ? "https" : "http") + "://" + h + ":" + port());
  }

  /**
   * Stops accepting connections and waits for in-flight requests up to the shutdown timeout. While
   * stopping, Jetty closes a connection that stays silent for 1 s (its shutdown idle timeout), so
   * that idle keep-alive connections do not hold the stop up; a request whose body stalls that
   * long is answered 408.
   */
  public void stop() {
    app.stop();
  }

  /** Thrown in the instant between binding the port and knowing the issuer. */
  private static final class ApiException503 extends dev.signet.UnavailableException {
    private static final long serialVersionUID = 1L;

    ApiException503() {
      super("server is starting");
    }
  }
}
