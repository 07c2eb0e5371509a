package dev.signet.server;

import dev.signet.CryptoProviders;
import dev.signet.RequestTokenVerifier;
import dev.signet.VerifiedToken;
import dev.signet.server.audit.AuditAction;
import dev.signet.server.audit.AuditEvent;
import dev.signet.server.config.ConfigException;
import dev.signet.server.config.ServerConfig;
import dev.signet.server.enrollment.AdminBootstrap;
import dev.signet.server.http.Caller;
import dev.signet.server.http.HttpServer;
import dev.signet.server.http.PublicOrigins;
import dev.signet.server.http.RequestIds;
import dev.signet.server.http.RequestTokenAuthentication;
import dev.signet.server.http.TrustedProxies;
import dev.signet.server.metrics.ServerMetrics;
import io.javalin.http.Context;
import java.net.URI;
import java.security.Provider;
import java.time.Clock;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Signet server: opens storage, bootstraps the admin principal, and serves the HTTP API until
 * {@link #close()}, which lets in-flight requests finish (up to the shutdown timeout) before
 * closing storage.
 *
 * {@snippet :
 * try (SignetServer server = SignetServer.start(ServerConfig.defaults())) {
 *   System.out.println("listening on " + server.baseUrl());
 * }
 * }
 */
public final class SignetServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SignetServer.class);

  private final Components components;
  private final HttpServer http;
  private final ServerMetrics metrics;
  private final URI issuer;
  private final AdminBootstrap.Result bootstrap;

  private SignetServer(Components components, HttpServer http, ServerMetrics metrics, URI issuer, AdminBootstrap.Result bootstrap) {
    this.components = components;
    this.http = http;
    this.metrics = metrics;
    this.issuer = issuer;
    this.bootstrap = bootstrap;
  }

  /** Starts a server with the system clock. */
  public static SignetServer start(ServerConfig config) {
    return start(config, Clock.systemUTC());
  }

  static SignetServer start(ServerConfig config, Clock clock) {
    log.info("configuration: {}", config.describe());
    Optional<Provider> provider;
    try {
      provider = CryptoProviders.select(CryptoProviders.Choice.parse(config.cryptoProvider()));
    } catch (IllegalStateException e) {
      throw new ConfigException("--crypto-provider " + config.cryptoProvider() + ": " + e.getMessage());
    }
    log.info("crypto provider: {}", CryptoProviders.describe(provider));
    Components components = Components.open(config, clock);
    ServerMetrics metrics = new ServerMetrics();
    metrics.bind(components.audit);
    try {
      // TLS files are read here: a bad one stops the start before the bootstrap changes anything
      HttpServer http = HttpServer.create(config, new HttpServer.Services(components.registry, components.principalKeys, components.enrollments,
          components.audit, clock, components.dependencies()), metrics);
      AdminBootstrap.Result bootstrap = components.bootstrap(config);
      http.start();
      URI issuer = config.issuer() != null ? config.issuer() : http.baseUrl();
      RequestTokenVerifier.Builder verifier = RequestTokenVerifier.builder(components.principalKeys)
          .audience(issuer.toString())
          .clockSkew(config.clockSkew())
          .maxLifetime(config.maxTokenLifetime())
          .clock(clock)
          .replayStore(components.replayStore)
          .requireBinding(config.requireBinding().toArray(dev.signet.Binding[]::new));
      provider.ifPresent(verifier::provider);
      PublicOrigins origins = PublicOrigins.of(issuer, config.publicUrls(), TrustedProxies.parse(config.trustedProxies()));
      http.authenticateWith(new RequestTokenAuthentication(verifier.build(), origins, metrics, new AuditedDecisions(components)));
      return new SignetServer(components, http, metrics, issuer, bootstrap);
    } catch (RuntimeException e) {
      metrics.close();
      components.close();
      throw e;
    }
  }

  /** {@code http(s)://host:port} as bound. */
  public URI baseUrl() {
    return http.baseUrl();
  }

  public int port() {
    return http.port();
  }

  /** The issuer: {@code --issuer}, else the base URL. The audience of standard request tokens. */
  public URI issuer() {
    return issuer;
  }

  /** The one-time admin enrollment code issued at this start, if one was. */
  public Optional<String> adminEnrollmentCode() {
    return bootstrap instanceof AdminBootstrap.CodeIssued(var code) ? Optional.of(code.code()) : Optional.empty();
  }

  /** Stops accepting requests, lets in-flight ones finish, flushes the audit log and closes storage. */
  @Override
  public void close() {
    http.stop();
    components.close();
    metrics.close();
  }

  /** Writes the refused requests counted so far and waits for the audit writer: for tests, which cannot wait a minute. */
  void flushAudit() {
    components.refusals.flush();
    components.audit.flush();
  }

  /**
   * Authentication decisions go to the audit log (in batches, off the request path) and mark keys
   * used; refusals are counted per source and reason ({@link dev.signet.server.audit.RefusedRequests}).
   */
  private record AuditedDecisions(Components components) implements RequestTokenAuthentication.Decisions {
    @Override
    public void accepted(Context ctx, VerifiedToken token) {
      components.keyUsage.recordUse(token.principal(), token.keyId());
      components.audit.enqueue(AuditEvent.authentication(components.clock.instant(), RequestIds.of(ctx),
          token.principal(), token.keyId(), AuditEvent.Outcome.SUCCESS, token.profile().name().toLowerCase(java.util.Locale.ROOT))
          .withSource(RequestIds.source(ctx)));
    }

    @Override
    public boolean rejected(Context ctx, @Nullable String principal, @Nullable String kid, String reason, String detail) {
      return components.refusals.refused(AuditAction.AUTHENTICATE, RequestIds.source(ctx), reason, principal, kid,
          RequestIds.of(ctx), detail);
    }

    @Override
    public void forbidden(Context ctx, Caller caller, String detail) {
      components.audit.enqueue(AuditEvent.refused(components.clock.instant(), RequestIds.of(ctx),
          caller.principal(), caller.kid(), "FORBIDDEN: " + detail).withSource(RequestIds.source(ctx)));
    }
  }
}
