package dev.signet.web;

import dev.signet.Algorithm;
import dev.signet.ReplayStore;
import dev.signet.RequestTokenVerifier;
import dev.signet.UnavailableException;
import java.net.URI;
import java.security.Provider;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verification engine behind every Signet integration: it reads a request's credential,
 * verifies it and decides, as {@link Decision}, whether the request may be served.
 *
 * {@snippet :
 * ResourceServer resourceServer = ResourceServer.builder(URI.create("https://api.example.com"))
 *     .trust(TrustedIssuer.builder("https://auth.example.com").audience("orders-api").build())
 *     .build();
 * AccessRules rules = AccessRules.builder().publicPaths("/health").rule("/orders/**", Access.scopes("orders:read")).build();
 * Decision decision = resourceServer.authenticate(request, rules);
 * }
 *
 * <p>It takes access tokens of the {@linkplain Builder#trust trusted issuers} as {@code Bearer}
 * and as {@code DPoP} (RFC 9449, with a proof per request), and, when given a
 * {@link RequestTokenVerifier}, Signet request tokens as {@code JWT} (or as {@code Bearer} when
 * their {@code iss} is no trusted issuer). It answers:
 * <ul>
 *   <li>401 with a {@code WWW-Authenticate} challenge for each scheme the route takes and
 *       {@code {"error":"invalid_token"}}: the same response whatever check failed;
 *   <li>403 {@code insufficient_scope}, the missing scopes named in the challenge;
 *   <li>400 {@code invalid_request} for two {@code Authorization} or {@code DPoP} headers, or a
 *       path that is not canonical; 413 when a request token binds a body over the limit;
 *   <li>503 {@code temporarily_unavailable} when keys, metadata, introspection or a replay store
 *       cannot be had (an issuer's JWKS counts as unavailable only when nothing is cached).
 * </ul>
 * Each refusal is logged at INFO with its reason and detail (untrusted text escaped) and counted
 * in {@link WebMetrics}; responses carry neither.
 *
 * <p>Thread-safe. {@link #close()} stops what it started for the issuers (JWKS refreshes).
 */
public final class ResourceServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ResourceServer.class);

  private final List<IssuerRuntime> issuers;
  private final AccessTokens accessTokens;
  private final @Nullable RequestTokens requestTokens;
  private final Challenges challenges;
  private final WebMetrics metrics;
  private final Clock clock;
  private final Credentials credentials;

  private ResourceServer(Builder b) {
    this.clock = b.clock;
    this.metrics = b.metrics;
    PublicUrls publicUrls = new PublicUrls(b.publicUrls, b.trustedProxies);
    Map<String, IssuerRuntime> byIssuer = new LinkedHashMap<>();
    for (TrustedIssuer issuer : b.issuers) {
      byIssuer.put(issuer.issuer(), new IssuerRuntime(issuer, clock, b.maxAuthorizationLength, b.provider));
    }
    this.issuers = List.copyOf(byIssuer.values());
    ReplayStore replay = b.replayStore != null ? b.replayStore : ReplayStore.inMemory(100_000, clock);
    DpopProofs dpop = b.dpopAlgorithms.isEmpty() ? null : new DpopProofs(b.dpopAlgorithms, b.dpopProofMaxAge, Duration.ofSeconds(5), replay, clock);
    TokenCache cache = new TokenCache(b.cacheMaxEntries, b.cacheTtl, clock);
    this.accessTokens = new AccessTokens(byIssuer, cache, dpop, publicUrls, metrics);
    this.requestTokens = b.requestTokens == null ? null : new RequestTokens(b.requestTokens, publicUrls, b.maxBodyBytes);
    Set<Credential> offered = EnumSet.noneOf(Credential.class);
    if (!issuers.isEmpty()) {
      offered.add(Credential.BEARER);
      if (dpop != null) {
        offered.add(Credential.DPOP);
      }
    }
    if (requestTokens != null) {
      offered.add(Credential.REQUEST_TOKEN);
    }
    this.challenges = new Challenges(b.realm, offered, b.dpopAlgorithms);
    this.credentials = new Credentials(accessTokens, requestTokens, b.maxAuthorizationLength);
  }

  /**
   * A builder for a resource server reached at {@code publicUrl}: the base URL clients address
   * (scheme, host, port, and any path prefix a proxy strips), against which DPoP proofs' and
   * request tokens' {@code htu} are judged. The request's own {@code Host} is never used for
   * that unless it comes from a {@linkplain Builder#trustProxies trusted proxy}.
   */
  public static Builder builder(URI publicUrl) {
    return new Builder(publicUrl);
  }

  /**
   * Decides about a request by the rule its method and path match; a path that is not canonical
   * is refused (400).
   */
  public Decision authenticate(IncomingRequest request, AccessRules rules) {
    Optional<Access> access = rules.accessFor(request.method(), request.path());
    if (access.isEmpty()) {
      return refuse(request, Access.authenticated(), new Outcome.Refusal(Outcome.Status.BAD_REQUEST, Reason.MALFORMED_REQUEST,
          "path '" + LogText.escape(request.path()) + "' is not canonical"), null);
    }
    return authenticate(request, access.get());
  }

  /** Decides about a request to a route that asks {@code access}. Never throws for a bad request. */
  public Decision authenticate(IncomingRequest request, Access access) {
    Objects.requireNonNull(request, "request");
    if (Objects.requireNonNull(access, "access").isPublic()) {
      return new Decision.Public();
    }
    long start = System.nanoTime();
    Outcome outcome;
    try {
      outcome = credentials.decide(request, access);
    } catch (UnavailableException e) {
      outcome = new Outcome.Refusal(Outcome.Status.UNAVAILABLE, Reason.UNAVAILABLE, String.valueOf(e.getMessage()));
    } catch (RuntimeException e) {
      log.error("500 {} {}: verification failed unexpectedly", request.method(), LogText.escape(request.rawPath()), e);
      outcome = new Outcome.Refusal(Outcome.Status.SERVER_ERROR, "ERROR", String.valueOf(e));
    }
    metrics.verified(Duration.ofNanos(System.nanoTime() - start));
    return switch (outcome) {
      case Outcome.Verified(Identity identity) -> authorize(request, access, identity);
      case Outcome.Refusal refusal -> refuse(request, access, refusal, null);
      case Outcome.UnknownIssuer(String detail) -> refuse(request, access, Outcome.unauthorized(Reason.UNKNOWN_ISSUER, detail), null);
    };
  }

  private Decision authorize(IncomingRequest request, Access access, Identity identity) {
    if (!identity.scopes().containsAll(access.scopes())) {
      Set<String> missing = new java.util.LinkedHashSet<>(access.scopes());
      missing.removeAll(identity.scopes());
      return refuse(request, access, new Outcome.Refusal(Outcome.Status.FORBIDDEN, Reason.INSUFFICIENT_SCOPE,
          "principal '" + LogText.escape(identity.principal()) + "' lacks scopes " + missing), identity.credential());
    }
    metrics.accepted(switch (identity.credential()) {
      case BEARER -> "access-token";
      case DPOP -> "dpop";
      case REQUEST_TOKEN -> "request-token";
    });
    return new Decision.Authenticated(identity);
  }

  private Decision.Refused refuse(IncomingRequest request, Access access, Outcome.Refusal refusal, @Nullable Credential used) {
    metrics.rejected(refusal.reason());
    String path = LogText.escape(request.rawPath());
    if (refusal.status() == Outcome.Status.UNAVAILABLE) {
      log.warn("503 {} {}: {}", request.method(), path, LogText.escape(refusal.detail()));
    } else {
      log.info("rejection={} status={} method={} path={} detail={}", refusal.reason(), refusal.status().code, request.method(), path,
          LogText.escape(refusal.detail()));
    }
    return challenges.refuse(refusal.status(), access, used);
  }

  /**
   * The 401 this server answers on a route that asks {@code access}, for when the host's own
   * authorization refuses a caller it let through without a credential (Spring Security's
   * authentication entry point): byte for byte this server's other 401s, logged and counted as
   * {@code NO_TOKEN} with {@code detail} (escaped) in the log line only.
   */
  public Decision.Refused refuseUnauthenticated(IncomingRequest request, Access access, String detail) {
    Objects.requireNonNull(request, "request");
    return refuse(request, Objects.requireNonNull(access, "access"), Outcome.unauthorized(Reason.NO_TOKEN, Objects.requireNonNull(detail, "detail")), null);
  }

  /**
   * The 403 {@code insufficient_scope} this server answers when a verified caller lacks
   * {@code scopes}, for when the host's own authorization refuses the caller (Spring Security's
   * access-denied handler): the challenge uses the caller's scheme and names {@code scopes}
   * (no scope attribute when none is known); logged and counted as
   * {@code INSUFFICIENT_SCOPE} with {@code detail} (escaped) in the log line only.
   *
   * @throws IllegalArgumentException if a scope is blank or holds a space, quote or backslash
   */
  public Decision.Refused refuseInsufficientScope(IncomingRequest request, Identity identity, Set<String> scopes, String detail) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(identity, "identity");
    Access required = scopes.isEmpty() ? Access.authenticated() : Access.scopes(scopes.toArray(String[]::new));
    return refuse(request, required, new Outcome.Refusal(Outcome.Status.FORBIDDEN, Reason.INSUFFICIENT_SCOPE,
        "principal '" + LogText.escape(identity.principal()) + "': " + Objects.requireNonNull(detail, "detail")), identity.credential());
  }

  /**
   * Refuses {@code accessToken} from now until its {@code exp}, even though its signature
   * verifies: for an application that learns of a revocation (an event, an admin action). The
   * token is dropped from the verified-token cache and from introspection answers.
   */
  public void revoke(String accessToken) {
    accessTokens.revoke(Objects.requireNonNull(accessToken, "accessToken"), clock.instant().plus(Duration.ofDays(1)));
  }

  /** Stops the JWKS refreshes and closes the introspection clients it started; keys given to it stay open. */
  @Override
  public void close() {
    for (IssuerRuntime issuer : issuers) {
      issuer.close();
    }
  }

  @Override
  public String toString() {
    return "ResourceServer[" + accessTokens + (requestTokens == null ? "" : ", " + requestTokens) + "]";
  }

  /** Settings of a {@link ResourceServer}; {@link #build()} checks them. Not thread-safe. */
  public static final class Builder {
    private final List<URI> publicUrls = new ArrayList<>();
    private final List<TrustedIssuer> issuers = new ArrayList<>();
    private final List<PublicUrls.Cidr> trustedProxies = new ArrayList<>();
    private @Nullable RequestTokenVerifier requestTokens;
    private @Nullable ReplayStore replayStore;
    private Set<Algorithm> dpopAlgorithms = EnumSet.copyOf(DpopProofs.SUPPORTED);
    private Duration dpopProofMaxAge = Duration.ofSeconds(60);
    private int cacheMaxEntries = 10_000;
    private Duration cacheTtl = Duration.ofMinutes(5);
    private int maxAuthorizationLength = 8192;
    private int maxBodyBytes = 1 << 20;
    private @Nullable String realm;
    private WebMetrics metrics = WebMetrics.NONE;
    private Clock clock = Clock.systemUTC();
    private @Nullable Provider provider;

    private Builder(URI publicUrl) {
      publicUrl(publicUrl);
    }

    /** Another base URL clients reach this server at (another host name, the internal one…). */
    public Builder publicUrl(URI url) {
      Objects.requireNonNull(url, "publicUrl");
      if (!url.isAbsolute() || url.getHost() == null || url.getRawQuery() != null || url.getRawFragment() != null
          || !(url.getScheme().equalsIgnoreCase("https") || url.getScheme().equalsIgnoreCase("http"))) {
        throw new IllegalArgumentException("a public URL is an absolute http(s) URL without query or fragment: " + url);
      }
      publicUrls.add(url);
      return this;
    }

    /** Accepts access tokens from this issuer; call once per issuer. */
    public Builder trust(TrustedIssuer issuer) {
      issuers.add(Objects.requireNonNull(issuer, "issuer"));
      return this;
    }

    /** Accepts Signet request tokens ({@code Authorization: JWT}), verified by {@code verifier}. */
    public Builder requestTokens(RequestTokenVerifier verifier) {
      this.requestTokens = Objects.requireNonNull(verifier, "verifier");
      return this;
    }

    /**
     * Peers whose {@code X-Forwarded-Proto}, {@code X-Forwarded-Host} and {@code Host} are
     * believed, as IP addresses or blocks ({@code 10.0.0.0/8}); host names are refused.
     *
     * @throws IllegalArgumentException for a value that is no IP address or block
     */
    public Builder trustProxies(String... addresses) {
      for (String a : addresses) {
        trustedProxies.add(PublicUrls.Cidr.parse(Objects.requireNonNull(a, "address")));
      }
      return this;
    }

    /** Where DPoP proof {@code jti}s are remembered (default: in memory, 100 000 at most); share one across instances. */
    public Builder replayStore(ReplayStore store) {
      this.replayStore = Objects.requireNonNull(store, "replayStore");
      return this;
    }

    /**
     * The algorithms a DPoP proof may use (default: every RSA and EC one; EdDSA is not available:
     * the OAuth SDK does not verify it). None turns DPoP off: DPoP-bound tokens are then refused.
     */
    public Builder dpopAlgorithms(Algorithm... algorithms) {
      this.dpopAlgorithms = algorithms.length == 0 ? EnumSet.noneOf(Algorithm.class) : EnumSet.copyOf(List.of(algorithms));
      return this;
    }

    /** How old a DPoP proof's {@code iat} may be (default 60 s). */
    public Builder dpopProofMaxAge(Duration maxAge) {
      this.dpopProofMaxAge = Objects.requireNonNull(maxAge, "dpopProofMaxAge");
      return this;
    }

    /**
     * The verified-token cache: at most {@code maxEntries} tokens (0 turns it off), each kept
     * until its {@code exp} or for {@code ttl}, whichever comes first (default 10 000 and 5 min).
     * {@code ttl} also bounds how long a key removed from an issuer's JWKS still vouches for
     * tokens verified before.
     */
    public Builder tokenCache(int maxEntries, Duration ttl) {
      this.cacheMaxEntries = maxEntries;
      this.cacheTtl = Objects.requireNonNull(ttl, "ttl");
      return this;
    }

    /** Longer {@code Authorization} headers are refused unread (default 8192 characters). */
    public Builder maxAuthorizationLength(int characters) {
      this.maxAuthorizationLength = characters;
      return this;
    }

    /** The largest body a request token may bind with {@code bsh} (default 1 MiB; larger is 413). */
    public Builder maxBodyBytes(int bytes) {
      this.maxBodyBytes = bytes;
      return this;
    }

    /** A {@code realm} for the challenges (default none). */
    public Builder realm(String realm) {
      Objects.requireNonNull(realm, "realm");
      if (realm.chars().anyMatch(c -> c < 0x20 || c == '"' || c == '\\' || c >= 0x7f)) {
        throw new IllegalArgumentException("realm must be printable ASCII without quote or backslash: " + realm);
      }
      this.realm = realm;
      return this;
    }

    public Builder metrics(WebMetrics metrics) {
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      return this;
    }

    /** The clock of every time check, cache and JWKS it builds (default: the system's, UTC). DPoP proofs' {@code iat} is judged by the system clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The JCA provider for access-token signature checks (default: the JDK's). */
    public Builder provider(Provider provider) {
      this.provider = Objects.requireNonNull(provider, "provider");
      return this;
    }

    /**
     * The resource server, after checking every setting.
     *
     * @throws IllegalStateException naming the first setting that is missing or wrong
     */
    public ResourceServer build() {
      if (issuers.isEmpty() && requestTokens == null) {
        throw new IllegalStateException("nothing to verify: trust(issuer) and/or requestTokens(verifier) is required");
      }
      Set<String> seen = new java.util.HashSet<>();
      for (TrustedIssuer issuer : issuers) {
        if (!seen.add(issuer.issuer())) {
          throw new IllegalStateException("issuer trusted twice: " + issuer.issuer());
        }
      }
      if (!DpopProofs.SUPPORTED.containsAll(dpopAlgorithms)) {
        throw new IllegalStateException("dpopAlgorithms must be among " + DpopProofs.SUPPORTED + ": " + dpopAlgorithms);
      }
      if (dpopProofMaxAge.compareTo(Duration.ofSeconds(5)) < 0 || dpopProofMaxAge.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new IllegalStateException("dpopProofMaxAge must be PT5S to PT10M: " + dpopProofMaxAge);
      }
      if (cacheMaxEntries < 0 || cacheTtl.isNegative() || cacheTtl.isZero()) {
        throw new IllegalStateException("tokenCache needs maxEntries >= 0 and a positive ttl: " + cacheMaxEntries + ", " + cacheTtl);
      }
      if (maxAuthorizationLength < 512 || maxAuthorizationLength > 65536) {
        throw new IllegalStateException("maxAuthorizationLength must be 512-65536: " + maxAuthorizationLength);
      }
      if (maxBodyBytes < 0) {
        throw new IllegalStateException("maxBodyBytes must not be negative: " + maxBodyBytes);
      }
      return new ResourceServer(this);
    }
  }
}
