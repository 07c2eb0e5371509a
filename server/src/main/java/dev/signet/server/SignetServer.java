package dev.signet.server;

import dev.signet.CryptoProviders;
import dev.signet.RequestTokenVerifier;
import dev.signet.VerifiedToken;
import dev.signet.internal.Quantities;
import dev.signet.server.audit.AuditAction;
import dev.signet.server.audit.AuditEvent;
import dev.signet.server.config.ConfigException;
import dev.signet.server.config.ServerConfig;
import dev.signet.server.enrollment.AdminBootstrap;
import dev.signet.server.http.Caller;
import dev.signet.server.http.Exchange;
import dev.signet.server.http.HttpServer;
import dev.signet.server.http.Listener;
import dev.signet.server.http.ListenerException;
import dev.signet.server.http.ManagementServer;
import dev.signet.server.http.OAuth;
import dev.signet.server.http.PublicOrigins;
import dev.signet.server.http.RequestTokenAuthentication;
import dev.signet.server.http.TrustedProxies;
import dev.signet.server.keys.EncryptionKeys;
import dev.signet.server.keys.SigningKeys;
import dev.signet.server.metrics.ServerMetrics;
import dev.signet.server.tokens.IssuedTokens;
import dev.signet.server.tokens.TokenIssuer;
import java.net.URI;
import java.security.Provider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Signet server: binds its ports first (so that a port in use stops it before anything else
 * happens), opens storage, bootstraps the admin principal, and serves the HTTP API, and the
 * management listener if configured, until {@link #close()}, which lets in-flight requests finish
 * (up to the shutdown timeout) before closing storage.
 *
 * {@snippet :
 * try (SignetServer server = SignetServer.start(ServerConfig.defaults())) {
 *   System.out.println("listening on " + server.baseUrl());
 * }
 * }
 */
public final class SignetServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SignetServer.class);
  private static final DateTimeFormatter UNTIL_TODAY = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter UNTIL_LATER = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  private final Components components;
  private final HttpServer http;
  private final @Nullable ManagementServer management;
  private final ServerMetrics metrics;
  private final URI issuer;
  private final AdminBootstrap.Result bootstrap;
  private final Clock clock;

  private SignetServer(Components components, HttpServer http, @Nullable ManagementServer management, ServerMetrics metrics,
      URI issuer, AdminBootstrap.Result bootstrap, Clock clock) {
    this.components = components;
    this.http = http;
    this.management = management;
    this.metrics = metrics;
    this.issuer = issuer;
    this.bootstrap = bootstrap;
    this.clock = clock;
  }

  /** Starts a server with the system clock. */
  public static SignetServer start(ServerConfig config) {
    return start(config, Clock.systemUTC());
  }

  /**
   * @throws dev.signet.server.config.ConfigException for a setting that turns out wrong (a TLS file, the admin key)
   * @throws ListenerException if a port is taken
   * @throws dev.signet.UnavailableException if the database or Redis cannot be reached, or another server uses the data dir
   */
  static SignetServer start(ServerConfig config, Clock clock) {
    log.info("configuration: {}", config.describe());
    Optional<Provider> provider;
    try {
      provider = CryptoProviders.select(CryptoProviders.Choice.parse(config.cryptoProvider()));
    } catch (IllegalStateException e) {
      throw new ConfigException("--crypto-provider " + config.cryptoProvider() + ": " + e.getMessage());
    }
    log.info("crypto provider: {}", CryptoProviders.describe(provider));
    Listener publicPort = Listener.bind(config.host(), config.port(), "--port");
    Integer managementPort = config.managementPort();
    Listener managementListener = null;
    Components components = null;
    ServerMetrics metrics = new ServerMetrics();
    try {
      if (managementPort != null) {
        managementListener = Listener.bind(config.managementHost(), managementPort, "--management-port");
      }
      components = Components.open(config, clock, provider.orElse(null));
      metrics.bind(components.audit);
      // TLS files are read here: a bad one stops the start before the bootstrap changes anything
      HttpServer http = HttpServer.create(config, new HttpServer.Services(components.registry, components.principalKeys, components.enrollments,
          components.audit, clock, components.dependencies(), components.signingKeys,
          components.encryptionKeys), metrics, publicPort);
      AdminBootstrap.Result bootstrap = components.bootstrap(config);
      ManagementServer management = null;
      if (managementListener != null) {
        management = ManagementServer.start(managementListener, components.dependencies(), metrics);
        log.info("management listening on {} (/metrics, /readyz, /healthz)", management.baseUrl());
      }
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
      AuditedDecisions decisions = new AuditedDecisions(components);
      RequestTokenAuthentication requestTokens = new RequestTokenAuthentication(verifier.build(), origins, metrics, decisions);
      http.issueTokensWith(oauth(config, components, clock, provider.orElse(null), issuer, requestTokens, decisions));
      http.authenticateWith(requestTokens);
      return new SignetServer(components, http, management, metrics, issuer, bootstrap, clock);
    } catch (RuntimeException e) {
      publicPort.close();
      if (managementListener != null) {
        managementListener.close();
      }
      metrics.close();
      if (components != null) {
        components.close();
      }
      throw e;
    }
  }

  /**
   * The token service: client assertions verified as standard request tokens for one of this
   * server's URLs (the principals' keys and the replay store of request tokens, without
   * {@code --require-binding}, which is about requests), access tokens signed with the current
   * signing key and verified against the published ones and the revocations.
   */
  private static OAuth oauth(ServerConfig config, Components components, Clock clock, @Nullable Provider provider, URI issuer,
      RequestTokenAuthentication requestTokens, RequestTokenAuthentication.Decisions decisions) {
    java.util.function.Function<String, RequestTokenVerifier.Builder> assertions = audience -> {
      RequestTokenVerifier.Builder b = RequestTokenVerifier.builder(components.principalKeys)
          .audience(audience)
          .clockSkew(config.clockSkew())
          .maxLifetime(config.maxTokenLifetime())
          .clock(clock)
          .replayStore(components.replayStore);
      if (provider != null) {
        b.provider(provider);
      }
      return b;
    };
    TokenIssuer tokenIssuer = new TokenIssuer(components.signingKeys, issuer.toString(), config.accessTokenLifetime(), clock);
    IssuedTokens issued = new IssuedTokens(components.signingKeys, issuer.toString(), config.accessTokenLifetime(),
        config.clockSkew(), clock, components.revocations, provider);
    return OAuth.create(requestTokens, decisions, assertions, components.replayStore, config.maxTokenLifetime(), config.clockSkew(),
        clock, tokenIssuer, issued, components.principalKeys, components.audit);
  }

  /** {@code http(s)://host:port} as bound. */
  public URI baseUrl() {
    return http.baseUrl();
  }

  public int port() {
    return http.port();
  }

  /** {@code http://host:port} of the management listener, if there is one. */
  public Optional<URI> managementUrl() {
    return management == null ? Optional.empty() : Optional.of(management.baseUrl());
  }

  /** The issuer: {@code --issuer}, else the base URL. The audience of standard request tokens. */
  public URI issuer() {
    return issuer;
  }

  /** The server's signing keys (for the token endpoint, and tests that sign as the server). */
  SigningKeys signingKeys() {
    return components.signingKeys;
  }

  EncryptionKeys encryptionKeys() {
    return components.encryptionKeys;
  }

  /** The one-time admin enrollment code issued at this start, if one was. */
  public Optional<String> adminEnrollmentCode() {
    return bootstrap instanceof AdminBootstrap.CodeIssued(var code) ? Optional.of(code.code()) : Optional.empty();
  }

  /**
   * The line to print for the admin enrollment code, if one was issued: the code, that it works
   * once, how long and until when (UTC), and what a restart does to it (the bootstrap revokes an
   * unused code and issues a new one).
   */
  public Optional<String> adminEnrollmentLine() {
    if (!(bootstrap instanceof AdminBootstrap.CodeIssued(var code))) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    Instant expires = code.enrollment().expiresAt();
    Duration valid = Duration.between(code.enrollment().createdAt(), expires);
    String until = expires.atOffset(ZoneOffset.UTC).toLocalDate().equals(now.atOffset(ZoneOffset.UTC).toLocalDate())
        ? UNTIL_TODAY.format(expires) : UNTIL_LATER.format(expires);
    return Optional.of("admin enrollment code: " + code.code() + " (one-time, valid " + Quantities.format(valid)
        + ", until " + until + " UTC; a restart before it is used replaces it with a new one)");
  }

  /** Stops accepting requests, lets in-flight ones finish, flushes the audit log and closes storage. */
  @Override
  public void close() {
    http.stop();
    if (management != null) {
      management.stop();
    }
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
    public void accepted(Exchange ex, VerifiedToken token) {
      components.keyUsage.recordUse(token.principal(), token.keyId());
      components.audit.enqueue(AuditEvent.authentication(components.clock.instant(), ex.requestId(),
          token.principal(), token.keyId(), AuditEvent.Outcome.SUCCESS, token.profile().name().toLowerCase(java.util.Locale.ROOT),
          ex.source()));
    }

    @Override
    public boolean rejected(Exchange ex, @Nullable String principal, @Nullable String kid, String reason, String detail) {
      return components.refusals.refused(AuditAction.AUTHENTICATE, ex.source(), reason, principal, kid, ex.requestId(), detail);
    }

    @Override
    public void forbidden(Exchange ex, Caller caller, String detail) {
      components.audit.enqueue(AuditEvent.refused(components.clock.instant(), ex.requestId(),
          caller.principal(), caller.kid(), "FORBIDDEN: " + detail).withSource(ex.source()));
    }
  }
}
