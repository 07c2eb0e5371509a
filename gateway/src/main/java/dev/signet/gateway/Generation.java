package dev.signet.gateway;

import dev.signet.DecryptionKey;
import dev.signet.EncryptionKey;
import dev.signet.InMemoryPrincipalKeys;
import dev.signet.JweDecrypter;
import dev.signet.KeySource;
import dev.signet.PrincipalKeys;
import dev.signet.RemoteJwks;
import dev.signet.ReplayStore;
import dev.signet.RequestTokenVerifier;
import dev.signet.SigningKey;
import dev.signet.TokenSigner;
import dev.signet.VerificationKey;
import dev.signet.gateway.config.ConfigException;
import dev.signet.gateway.config.GatewayConfig;
import dev.signet.gateway.config.GatewayConfig.Auth;
import dev.signet.gateway.config.GatewayConfig.Issuer;
import dev.signet.gateway.config.GatewayConfig.Route;
import dev.signet.gateway.registry.RegistryKeys;
import dev.signet.web.Access;
import dev.signet.web.Credential;
import dev.signet.web.EncryptedBodies;
import dev.signet.web.Introspection;
import dev.signet.web.ResourceServer;
import dev.signet.web.TrustedIssuer;
import dev.signet.web.WebMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Provider;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One configuration put to work: a verification engine per kind of route and audience, over one
 * cached JWKS per issuer, the gateway's encryption key and the route table. A reload builds a new
 * generation beside the running one and swaps it in; the old one is closed once its requests are
 * done.
 */
final class Generation implements AutoCloseable {
  private final GatewayConfig config;
  private final List<RouteRuntime> routes;
  private final List<AutoCloseable> resources;
  private final @Nullable String jwks;

  private Generation(GatewayConfig config, List<RouteRuntime> routes, List<AutoCloseable> resources, @Nullable String jwks) {
    this.config = config;
    this.routes = routes;
    this.resources = resources;
    this.jwks = jwks;
  }

  /**
   * Builds every engine of {@code config}.
   *
   * @throws ConfigException when a combination of settings cannot work (named) or a key file is unusable
   */
  static Generation build(GatewayConfig config, URI publicUrl, ReplayStore replay, WebMetrics metrics, MeterRegistry registry, Clock clock,
      @Nullable Provider provider) {
    List<AutoCloseable> resources = new ArrayList<>();
    try {
      Map<String, RemoteJwks> jwks = new LinkedHashMap<>();
      for (Issuer issuer : config.issuers()) {
        // background fetches (refresh ahead of expiry, unknown kids, retries) counted as they start on their virtual thread
        Counter refreshes = Counter.builder("signet.gateway.jwks.refreshes").description("background JWKS fetches, by issuer")
            .tag("issuer", issuer.issuer()).register(registry);
        RemoteJwks keys = RemoteJwks.builder(issuer.jwksUri()).clock(clock).executor(task -> {
          refreshes.increment();
          Thread.ofVirtual().name("gateway-jwks").start(task);
        }).build();
        resources.add(keys);
        jwks.put(issuer.issuer(), keys);
      }
      RequestTokenVerifier requestTokens = config.requestTokens() == null ? null
          : requestTokens(config.requestTokens(), publicUrl, replay, clock, resources);
      DecryptionKey encryptionKey = config.encryptionKey() == null ? null : encryptionKey(config.encryptionKey());
      Map<String, ResourceServer> engines = new HashMap<>();
      List<RouteRuntime> routes = new ArrayList<>();
      for (int i = 0; i < config.routes().size(); i++) {
        Route route = config.routes().get(i);
        String where = "routes[" + i + "]";
        ResourceServer engine = route.auth() == Auth.NONE ? null : engines.computeIfAbsent(route.auth() + "|" + route.audience(), k -> {
          ResourceServer built = engine(config, route, where, jwks, requestTokens, publicUrl, replay, metrics, clock, provider);
          resources.add(built);
          return built;
        });
        routes.add(RouteRuntime.of(route, engine, access(route), route.decrypt() ? bodies(route, java.util.Objects.requireNonNull(encryptionKey),
            requestTokens) : null));
      }
      routes.sort(Comparator.comparingInt((RouteRuntime r) -> r.route().path().length()).reversed());
      return new Generation(config, List.copyOf(routes), resources,
          encryptionKey == null ? null : "{\"keys\":[" + encryptionKey.encryptionKey().toJwk() + "]}");
    } catch (RuntimeException e) {
      closeAll(resources);
      throw e;
    }
  }

  private static Access access(Route route) {
    return switch (route.auth()) {
      case NONE -> Access.publicRoute();
      case REQUEST_TOKEN -> Access.authenticated().only(Credential.REQUEST_TOKEN);
      case ACCESS_TOKEN, INTROSPECTION -> Access.scopes(route.scopes().toArray(String[]::new)).only(Credential.BEARER, Credential.DPOP);
    };
  }

  /**
   * The decrypting step of a {@code decrypt: true} route. Nested JWTs are opened on
   * {@code request-token} routes only, where their inner token must be a request token of the
   * authenticated caller; elsewhere only plain JWEs are.
   */
  private static EncryptedBodies bodies(Route route, DecryptionKey key, @Nullable RequestTokenVerifier requestTokens) {
    EncryptedBodies.Builder b = EncryptedBodies.builder(JweDecrypter.builder(key).build()).untypedContentType("application/json");
    if (route.auth() == Auth.REQUEST_TOKEN && requestTokens != null) {
      b.senders(requestTokens);
    }
    return b.build();
  }

  /** The gateway's encryption key, its kid the RFC 7638 thumbprint of its public half. */
  private static DecryptionKey encryptionKey(Path file) {
    try {
      DecryptionKey key = DecryptionKey.parse(Files.readString(file));
      return key.withKid(EncryptionKey.of(key.encryptionKey().key()).kid());
    } catch (IOException | RuntimeException e) {
      throw new ConfigException("encryption_key: cannot use " + file + ": " + e.getMessage(), e);
    }
  }

  private static RequestTokenVerifier requestTokens(GatewayConfig.RequestTokens rt, URI publicUrl, ReplayStore replay, Clock clock,
      List<AutoCloseable> resources) {
    String audience = Optional.ofNullable(rt.audience()).orElse(publicUrl.toString());
    InMemoryPrincipalKeys files = principalKeys(rt);
    PrincipalKeys keys = files;
    GatewayConfig.Registry r = rt.registry();
    if (r != null) {
      RegistryKeys registry = RegistryKeys.of(r.url(), r.principal(), TokenSigner.of(registrySigningKey(r), clock, null), r.audience(),
          r.cacheTtl(), r.staleIfError(), r.maxFetchesPerMinute(), clock);
      resources.add(registry);
      // a principal given a key file is that file's, whatever the registry says
      keys = principal -> rt.keys().containsKey(principal) ? files.keysOf(principal) : registry.keysOf(principal);
    }
    return RequestTokenVerifier.builder(keys).audience(audience).replayStore(replay).clock(clock).build();
  }

  private static SigningKey registrySigningKey(GatewayConfig.Registry r) {
    try {
      return SigningKey.parse(Files.readString(r.keyFile()));
    } catch (IOException | RuntimeException e) {
      // the message names the file and the problem, never the key's text
      throw new ConfigException("request_tokens.registry.key_file: cannot use " + r.keyFile() + ": " + e.getMessage(), e);
    }
  }

  private static ResourceServer engine(GatewayConfig config, Route route, String where, Map<String, RemoteJwks> jwks,
      @Nullable RequestTokenVerifier requestTokens, URI publicUrl, ReplayStore replay, WebMetrics metrics, Clock clock,
      @Nullable Provider provider) {
    ResourceServer.Builder b = ResourceServer.builder(publicUrl).replayStore(replay).metrics(metrics).clock(clock);
    if (provider != null) {
      b.provider(provider);
    }
    if (route.auth() == Auth.REQUEST_TOKEN) {
      return b.requestTokens(java.util.Objects.requireNonNull(requestTokens, "request_tokens")).build();
    }
    for (int i = 0; i < config.issuers().size(); i++) {
      Issuer issuer = config.issuers().get(i);
      GatewayConfig.Introspection in = issuer.introspection();
      if (route.auth() == Auth.INTROSPECTION && in == null) {
        continue;
      }
      TrustedIssuer.Builder t = TrustedIssuer.builder(issuer.issuer()).keys((KeySource) java.util.Objects.requireNonNull(jwks.get(issuer.issuer())));
      String audience = route.audience();
      if (audience != null) {
        t.audience(audience);
      } else if (issuer.acceptJwtType()) {
        throw new ConfigException(where + ".audience is required: issuers[" + i + "].accept_jwt_type needs one (else ID tokens would pass)");
      } else {
        t.anyAudience();
      }
      if (issuer.acceptJwtType()) {
        t.acceptJwtType();
      }
      if (in != null && route.auth() == Auth.INTROSPECTION) {
        t.introspection(Introspection.builder(in.endpoint()).clientSecretBasic(in.clientId(), in.clientSecret()).cacheTtl(in.cacheTtl()).build());
      }
      b.trust(t.build());
    }
    return b.build();
  }

  private static InMemoryPrincipalKeys principalKeys(GatewayConfig.RequestTokens rt) {
    InMemoryPrincipalKeys keys = new InMemoryPrincipalKeys();
    for (Map.Entry<String, Path> e : rt.keys().entrySet()) {
      try {
        for (VerificationKey key : VerificationKey.parseAll(Files.readString(e.getValue()))) {
          keys.add(e.getKey(), key);
        }
      } catch (IOException | RuntimeException ex) {
        throw new ConfigException("request_tokens.keys." + e.getKey() + ": cannot use " + e.getValue() + ": " + ex.getMessage(), ex);
      }
    }
    return keys;
  }

  GatewayConfig config() {
    return config;
  }

  /** The JWKS of the gateway's encryption key ({@code "use": "enc"}), or null when it has none. */
  @Nullable String jwks() {
    return jwks;
  }

  /** The route with the longest prefix that serves {@code path}, if any. */
  @Nullable RouteRuntime route(String path) {
    for (RouteRuntime r : routes) {
      if (r.serves(path)) {
        return r;
      }
    }
    return null;
  }

  @Override
  public void close() {
    closeAll(resources);
  }

  private static void closeAll(List<AutoCloseable> resources) {
    for (AutoCloseable r : resources) {
      try {
        r.close();
      } catch (Exception e) {
        org.slf4j.LoggerFactory.getLogger(Generation.class).warn("closing {} failed: {}", r, e.toString());
      }
    }
  }
}
