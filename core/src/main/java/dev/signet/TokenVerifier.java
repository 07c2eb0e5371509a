package dev.signet;

import dev.signet.internal.ClaimReader;
import dev.signet.internal.ParsedJws;
import dev.signet.internal.Pipeline;
import dev.signet.internal.Reject;
import dev.signet.internal.SignatureCheck;
import dev.signet.internal.Signatures;
import dev.signet.internal.Trace;
import java.security.Provider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Verifies access tokens (RFC 9068 JWTs) issued by one authorization server whose keys a
 * {@link KeySource} provides, for resource servers and gateways.
 *
 * {@snippet :
 * TokenVerifier verifier = TokenVerifier.builder(KeySource.jwks(jwksUri))   // trust anchor first
 *     .issuer("https://auth.example.com").audience("orders-api")
 *     .requiredScopes("orders:read")
 *     .build();
 * switch (verifier.verify(token)) {
 *   case Verification.Valid(VerifiedToken t) -> forward(t);
 *   case Verification.Invalid(Rejection reason, String detail) -> deny(reason, detail);
 * }
 * }
 *
 * <p>The checks, in order: size; three base64url parts with JSON header and payload;
 * {@code alg} allowed (never {@code none} or HMAC); no {@code crit}; {@code typ} is
 * {@code at+jwt} (or as configured); the key, found by {@code kid} in the key source (never in
 * the token's own {@code jwk}/{@code jku}/{@code x5u}/{@code x5c}), fits the algorithm; the
 * signature; {@code exp} required and not passed, {@code nbf} and {@code iat} not in the future,
 * {@code exp - iat} within the maximum lifetime; {@code iss}; {@code aud}; {@code sub}
 * present; and the required scopes ({@link Rejection#INSUFFICIENT_SCOPE}, a 403 rather than a 401).
 * A kid the key source lacks is {@link Rejection#UNKNOWN_KEY}, with the reason when the source
 * skipped a key of that kid ({@link KeySource#whyUnusable}). Rejection details name the issuer,
 * never the key source's location (a JWKS URL stays in logs and {@link KeySourceException}s).
 *
 * <p>Immutable and thread-safe.
 */
public final class TokenVerifier {
  private final KeySource keys;
  private final String issuer;
  private final @Nullable String audience;
  private final Set<Algorithm> algorithms;
  private final List<String> types;
  private final Set<String> requiredScopes;
  private final Duration clockSkew;
  private final Duration maxLifetime;
  private final Clock clock;
  private final int maxTokenLength;
  private final Signatures signatures;

  private TokenVerifier(Builder b) {
    this.keys = b.keys;
    this.issuer = Objects.requireNonNull(b.issuer);
    this.audience = b.audience;
    // ordered copies: messages list these in a stable order, the same on every run
    this.algorithms = Collections.unmodifiableSet(EnumSet.copyOf(b.algorithms));
    this.types = List.copyOf(b.types);
    this.requiredScopes = Collections.unmodifiableSet(new LinkedHashSet<>(b.requiredScopes));
    this.clockSkew = b.clockSkew;
    this.maxLifetime = b.maxLifetime;
    this.clock = b.clock;
    this.maxTokenLength = b.maxTokenLength;
    this.signatures = Signatures.using(b.provider);
  }

  /** A builder over the issuer's keys, the only mandatory input besides {@link Builder#issuer}. */
  public static Builder builder(KeySource keys) {
    return new Builder(keys);
  }

  /**
   * Verifies an access token.
   *
   * @throws KeySourceException if the issuer's keys cannot be had
   */
  public Verification verify(String token) {
    Objects.requireNonNull(token, "token");
    return Pipeline.verify(trace -> run(token, trace));
  }

  /** Verifies like {@link #verify} and reports every check made. */
  public Explanation explain(String token) {
    Objects.requireNonNull(token, "token");
    return Pipeline.explain(trace -> run(token, trace));
  }

  private VerifiedToken run(String token, Trace trace) {
    ParsedJws jws = ParsedJws.parse(token, maxTokenLength, trace);
    jws.checkCritical(trace);
    jws.checkType(types, false, trace);
    String kid = jws.header().getKeyID();
    List<VerificationKey> candidates = keys.keys(kid);
    if (candidates.isEmpty() && kid != null) {
      throw new Reject(Rejection.UNKNOWN_KEY, keys.whyUnusable(kid)
          .map(why -> "key '" + ParsedJws.printable(kid) + "' of issuer '" + issuer + "' is not usable: " + why)
          .orElseGet(() -> "no key with kid '" + ParsedJws.printable(kid) + "' for issuer '" + issuer + "'"));
    }
    VerificationKey key = SignatureCheck.verify(jws, candidates, algorithms, "issuer '" + issuer + "'", signatures, trace);
    Map<String, Object> claims = jws.claims();
    Instant now = clock.instant();
    Instant issuedAt = checkTime(claims, now, trace);
    Instant expiresAt = ClaimReader.seconds(claims, "exp");
    checkIssuer(claims, trace);
    checkAudience(claims, trace);
    String subject = ClaimReader.string(claims, "sub", 1024);
    TokenClaims tokenClaims = TokenClaims.of(claims);
    checkScopes(tokenClaims, trace);
    String jti = ClaimReader.optionalString(claims, "jti", 1024);
    return new VerifiedToken(subject, key.kid(), jws.algorithm(), TokenProfile.ACCESS_TOKEN, issuedAt, expiresAt,
        jti == null ? "" : jti, tokenClaims);
  }

  private Instant checkTime(Map<String, Object> claims, Instant now, Trace trace) {
    Instant exp = ClaimReader.seconds(claims, "exp");
    Instant iat = ClaimReader.seconds(claims, "iat");
    Instant nbf = ClaimReader.optionalSeconds(claims, "nbf");
    if (now.isAfter(exp.plus(clockSkew))) {
      throw new Reject(Rejection.EXPIRED, "token expired at " + exp + " (now " + now + ", skew " + clockSkew + ")");
    }
    if (iat.isAfter(now.plus(clockSkew))) {
      throw new Reject(Rejection.NOT_YET_VALID, "iat " + iat + " is in the future (now " + now + ", skew " + clockSkew + ")");
    }
    if (nbf != null && nbf.isAfter(now.plus(clockSkew))) {
      throw new Reject(Rejection.NOT_YET_VALID, "nbf " + nbf + " is in the future (now " + now + ", skew " + clockSkew + ")");
    }
    if (exp.isBefore(iat)) {
      throw new Reject(Rejection.MALFORMED, "exp " + exp + " is before iat " + iat);
    }
    Duration lifetime = Duration.between(iat, exp);
    if (lifetime.compareTo(maxLifetime) > 0) {
      throw new Reject(Rejection.LIFETIME_TOO_LONG, "exp - iat is " + lifetime + "; the maximum is " + maxLifetime);
    }
    trace.pass("time", () -> "iat " + iat + ", exp " + exp + ", now " + now + " (skew " + clockSkew + ")");
    return iat;
  }

  private void checkIssuer(Map<String, Object> claims, Trace trace) {
    String iss = ClaimReader.string(claims, "iss", 2048);
    if (!iss.equals(issuer)) {
      throw new Reject(Rejection.WRONG_ISSUER, "iss is '" + ParsedJws.printable(iss) + "'; expected '" + issuer + "'");
    }
    trace.pass("issuer", () -> "'" + iss + "'");
  }

  private void checkAudience(Map<String, Object> claims, Trace trace) {
    if (audience == null) {
      trace.pass("audience", () -> "not checked (no audience configured)");
      return;
    }
    List<String> audiences = TokenClaims.of(Map.of("aud", claims.getOrDefault("aud", List.of()))).audience();
    if (audiences.isEmpty()) {
      throw new Reject(Rejection.MISSING_CLAIM, "claim 'aud' is required");
    }
    if (!audiences.contains(audience)) {
      throw new Reject(Rejection.WRONG_AUDIENCE,
          "aud is " + audiences.stream().map(ParsedJws::printable).limit(10).toList() + "; expected '" + audience + "'");
    }
    trace.pass("audience", () -> "'" + audience + "' in " + audiences);
  }

  private void checkScopes(TokenClaims claims, Trace trace) {
    if (requiredScopes.isEmpty()) {
      return;
    }
    Set<String> missing = new LinkedHashSet<>(requiredScopes);
    missing.removeAll(claims.scopes());
    if (!missing.isEmpty()) {
      throw new Reject(Rejection.INSUFFICIENT_SCOPE, "missing scopes " + missing + "; token has " + claims.scopes());
    }
    trace.pass("scope", () -> "has " + requiredScopes);
  }

  @Override
  public String toString() {
    return "TokenVerifier[issuer=" + issuer + ", audience=" + audience + ", keys=" + keys + ", types=" + types
        + ", requiredScopes=" + requiredScopes + "]";
  }

  /** Settings for a {@link TokenVerifier}; {@link #build()} checks them all. Not thread-safe. */
  public static final class Builder {
    private final KeySource keys;
    private @Nullable String issuer;
    private @Nullable String audience;
    private Set<Algorithm> algorithms = EnumSet.allOf(Algorithm.class);
    private List<String> types = List.of("at+jwt");
    private Set<String> requiredScopes = Set.of();
    private Duration clockSkew = Duration.ofSeconds(30);
    private Duration maxLifetime = Duration.ofHours(24);
    private Clock clock = Clock.systemUTC();
    private int maxTokenLength = 16384;
    private @Nullable Provider provider;

    private Builder(KeySource keys) {
      this.keys = Objects.requireNonNull(keys, "keys");
    }

    /** The exact {@code iss} tokens must carry. Required. */
    public Builder issuer(String issuer) {
      this.issuer = Objects.requireNonNull(issuer, "issuer");
      return this;
    }

    /** An {@code aud} value tokens must carry (default: not checked). */
    public Builder audience(String audience) {
      this.audience = Objects.requireNonNull(audience, "audience");
      return this;
    }

    public Builder algorithms(Algorithm... allowed) {
      this.algorithms = allowed.length == 0 ? EnumSet.noneOf(Algorithm.class) : EnumSet.copyOf(List.of(allowed));
      return this;
    }

    /** Accepted {@code typ} values (default {@code at+jwt}); {@code typ} must be present. */
    public Builder types(String... accepted) {
      this.types = List.of(accepted);
      return this;
    }

    /** Scopes every token must have; lacking one is {@link Rejection#INSUFFICIENT_SCOPE}. */
    public Builder requiredScopes(String... scopes) {
      this.requiredScopes = new LinkedHashSet<>(List.of(scopes));
      return this;
    }

    /** Tolerance for {@code exp}, {@code nbf} and {@code iat} (default 30 s). */
    public Builder clockSkew(Duration skew) {
      this.clockSkew = Objects.requireNonNull(skew, "clockSkew");
      return this;
    }

    /** The longest {@code exp - iat} accepted (default 24 h). */
    public Builder maxLifetime(Duration lifetime) {
      this.maxLifetime = Objects.requireNonNull(lifetime, "maxLifetime");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Longer tokens are refused before parsing (default 16384 characters). */
    public Builder maxTokenLength(int characters) {
      this.maxTokenLength = characters;
      return this;
    }

    /** The JCA provider for signature checks where it implements the algorithm (default: the JDK's). */
    public Builder provider(Provider provider) {
      this.provider = Objects.requireNonNull(provider, "provider");
      return this;
    }

    /**
     * The verifier, after checking every setting.
     *
     * @throws IllegalStateException naming the first setting that is missing or wrong
     */
    public TokenVerifier build() {
      if (issuer == null) {
        throw new IllegalStateException("issuer is required");
      }
      if (clockSkew.isNegative()) {
        throw new IllegalStateException("clockSkew must not be negative: " + clockSkew);
      }
      if (clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
        throw new IllegalStateException("clockSkew must be at most PT5M: " + clockSkew);
      }
      if (maxLifetime.isNegative() || maxLifetime.isZero()) {
        throw new IllegalStateException("maxLifetime must be positive: " + maxLifetime);
      }
      if (algorithms.isEmpty()) {
        throw new IllegalStateException("algorithms must not be empty");
      }
      if (types.isEmpty()) {
        throw new IllegalStateException("types must not be empty");
      }
      if (maxTokenLength < 256 || maxTokenLength > 1 << 20) {
        throw new IllegalStateException("maxTokenLength must be 256-1048576: " + maxTokenLength);
      }
      return new TokenVerifier(this);
    }
  }
}
