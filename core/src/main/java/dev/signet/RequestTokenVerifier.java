package dev.signet;

import dev.signet.internal.BindingCheck;
import dev.signet.internal.ClaimReader;
import dev.signet.internal.ParsedJws;
import dev.signet.internal.Pipeline;
import dev.signet.internal.Quantities;
import dev.signet.internal.Reject;
import dev.signet.internal.SignatureCheck;
import dev.signet.internal.Signatures;
import dev.signet.internal.Trace;
import java.security.Provider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Verifies request tokens: short JWTs a client signs with its own private key for each request
 * (SPEC §3). Accepts both claim profiles: compatible ({@code username}, {@code time},
 * {@code nonce}) and standard ({@code iss} = {@code sub}, {@code aud}, {@code iat}, {@code exp},
 * {@code jti}).
 *
 * {@snippet :
 * RequestTokenVerifier verifier = RequestTokenVerifier.builder(principalKeys)
 *     .audience("https://api.example.com")
 *     .build();
 * switch (verifier.verify(token, RequestContext.of("GET", uri))) {
 *   case Verification.Valid(VerifiedToken t) -> serve(t.principal());
 *   case Verification.Invalid(Rejection reason, String detail) -> deny(reason, detail);
 * }
 * }
 *
 * <p>The checks, in order: size; three base64url parts with JSON header and payload;
 * {@code alg} never {@code none} or HMAC; no {@code crit}; {@code typ} absent or {@code JWT};
 * the principal exists and is enabled; the key is the principal's, found by {@code kid} or tried
 * among its keys, and fits the algorithm (keys offered in the header are ignored); the
 * signature; time ({@code time}/{@code iat} within the clock skew of now, {@code exp} not
 * passed, {@code exp - iat} within the maximum lifetime); audience; request binding
 * ({@code htm}, {@code htu}, {@code qsh}, {@code bsh}: each present one must match, required ones
 * must be present); and last the nonce, which is accepted once per principal for as long as the
 * token could be accepted.
 *
 * <p>Every registered claim (RFC 7519 §4.1) that is present is honoured in both profiles, not
 * only the ones a profile requires: {@code exp} not passed (beyond the clock skew) and not before
 * {@code time}/{@code iat}; {@code nbf} and {@code iat} not ahead of now by more than the skew;
 * {@code aud} a string or an array of strings that names this verifier's {@link Builder#audience}
 * (a verifier without one refuses every token that has an {@code aud}); and in the compatible
 * profile {@code iss} and {@code sub}, if present, equal to {@code username}. The maximum lifetime
 * applies to the standard profile, whose acceptance {@code exp} bounds; a compatible token is
 * accepted only within the skew of its {@code time} whatever its {@code exp}.
 *
 * <p>Immutable and thread-safe; build one and share it.
 */
public final class RequestTokenVerifier {
  private static final List<String> TYPES = List.of("JWT");
  private static final int MAX_NAME = 256;
  private static final int MAX_NONCE = 256;

  private final PrincipalKeys keys;
  private final @Nullable String audience;
  private final Duration clockSkew;
  private final Duration maxLifetime;
  private final Clock clock;
  private final ReplayStore replayStore;
  private final Set<Binding> requiredBindings;
  private final Set<Algorithm> algorithms;
  private final Set<TokenProfile> profiles;
  private final int maxTokenLength;
  private final Signatures signatures;

  private RequestTokenVerifier(Builder b) {
    this.keys = b.keys;
    this.audience = b.audience;
    this.clockSkew = b.clockSkew;
    this.maxLifetime = b.maxLifetime;
    this.clock = b.clock;
    this.replayStore = b.replayStore != null ? b.replayStore : ReplayStore.inMemory(b.replayCapacity, b.clock);
    // EnumSet copies: messages list these in declaration order, the same on every run
    this.requiredBindings = Collections.unmodifiableSet(EnumSet.copyOf(b.requiredBindings));
    this.algorithms = Collections.unmodifiableSet(EnumSet.copyOf(b.algorithms));
    this.profiles = Collections.unmodifiableSet(EnumSet.copyOf(b.profiles));
    this.maxTokenLength = b.maxTokenLength;
    this.signatures = Signatures.using(b.provider);
  }

  /** A builder over the principals' keys, the only mandatory input. */
  public static Builder builder(PrincipalKeys keys) {
    return new Builder(keys);
  }

  /**
   * Verifies a token that is not bound to a request. A token carrying binding claims is rejected
   * ({@link Rejection#BINDING_MISMATCH}), since there is nothing to check them against.
   *
   * @throws KeySourceException if the principal's keys cannot be looked up
   * @throws ReplayStoreException if the nonce cannot be recorded (fail closed)
   */
  public Verification verify(String token) {
    return verify(token, null);
  }

  /**
   * Verifies a token for {@code request}.
   *
   * @throws KeySourceException if the principal's keys cannot be looked up
   * @throws ReplayStoreException if the nonce cannot be recorded (fail closed)
   */
  public Verification verify(String token, @Nullable RequestContext request) {
    Objects.requireNonNull(token, "token");
    return Pipeline.verify(trace -> run(token, request, trace));
  }

  /**
   * Verifies like {@link #verify(String, RequestContext)} and reports every check made. For
   * diagnostics: a valid token's nonce is consumed just as by {@code verify}.
   */
  public Explanation explain(String token, @Nullable RequestContext request) {
    Objects.requireNonNull(token, "token");
    return Pipeline.explain(trace -> run(token, request, trace));
  }


  private VerifiedToken run(String token, @Nullable RequestContext request, Trace trace) {
    ParsedJws jws = ParsedJws.parse(token, maxTokenLength, trace);
    jws.checkCritical(trace);
    jws.checkType(TYPES, true, trace);
    Claimed claimed = identify(jws.claims(), trace);
    List<VerificationKey> principalKeys = principalKeys(claimed.principal(), trace);
    VerificationKey key =
        SignatureCheck.verify(jws, principalKeys, algorithms, "principal '" + ParsedJws.printable(claimed.principal()) + "'", signatures, trace);
    Instant now = clock.instant();
    checkTime(claimed, jws.claims(), now, trace);
    checkAudience(claimed.profile(), jws.claims(), trace);
    BindingCheck.check(jws.claims(), request, requiredBindings, trace);
    checkReplay(claimed, trace);
    return new VerifiedToken(claimed.principal(), key.kid(), jws.algorithm(), claimed.profile(),
        claimed.issuedAt(), claimed.expiresAt(), claimed.nonce(), TokenClaims.of(jws.claims()));
  }

  /**
   * Who the token speaks for, in which profile, when it was made, when it expires ({@code exp}, or
   * {@code time} + skew in the compatible profile), its nonce, and the last instant any check
   * could still accept it (how long the replay store must remember the nonce).
   */
  private record Claimed(TokenProfile profile, String principal, Instant issuedAt, Instant expiresAt, String nonce, Instant acceptableUntil) {}

  private Claimed identify(Map<String, Object> claims, Trace trace) {
    Claimed claimed;
    if (claims.containsKey("username")) {
      requireProfile(TokenProfile.COMPATIBLE);
      String principal = ClaimReader.string(claims, "username", MAX_NAME);
      requireSame(claims, "iss", principal);
      requireSame(claims, "sub", principal);
      Instant time = ClaimReader.seconds(claims, "time");
      String nonce = ClaimReader.string(claims, "nonce", MAX_NONCE);
      claimed = new Claimed(TokenProfile.COMPATIBLE, principal, time, time.plus(clockSkew), nonce, time.plus(clockSkew));
    } else if (claims.containsKey("sub") || claims.containsKey("iss")) {
      requireProfile(TokenProfile.STANDARD);
      String subject = ClaimReader.string(claims, "sub", MAX_NAME);
      String issuer = ClaimReader.string(claims, "iss", MAX_NAME);
      if (!issuer.equals(subject)) {
        throw new Reject(Rejection.WRONG_ISSUER, "iss '" + ParsedJws.printable(issuer) + "' differs from sub '" + ParsedJws.printable(subject) + "'");
      }
      Instant iat = ClaimReader.seconds(claims, "iat");
      Instant exp = ClaimReader.seconds(claims, "exp");
      String jti = ClaimReader.string(claims, "jti", MAX_NONCE);
      Instant until = iat.plus(clockSkew).isBefore(exp.plus(clockSkew)) ? iat.plus(clockSkew) : exp.plus(clockSkew);
      claimed = new Claimed(TokenProfile.STANDARD, subject, iat, exp, jti, until);
    } else {
      throw new Reject(Rejection.MISSING_CLAIM, "neither 'username' (compatible profile) nor 'sub' (standard profile) is present");
    }
    trace.pass("principal", () -> "'" + ParsedJws.printable(claimed.principal()) + "' (" + claimed.profile().name().toLowerCase(java.util.Locale.ROOT) + " profile)");
    return claimed;
  }

  /** In the compatible profile an {@code iss} or {@code sub} that is present must name the {@code username}. */
  private static void requireSame(Map<String, Object> claims, String name, String principal) {
    String value = ClaimReader.optionalString(claims, name, MAX_NAME);
    if (value != null && !value.equals(principal)) {
      throw new Reject(Rejection.WRONG_ISSUER,
          name + " '" + ParsedJws.printable(value) + "' differs from username '" + ParsedJws.printable(principal) + "'");
    }
  }

  private void requireProfile(TokenProfile profile) {
    if (!profiles.contains(profile)) {
      throw new Reject(Rejection.MISSING_CLAIM, "the " + profile.name().toLowerCase(java.util.Locale.ROOT) + " profile is not accepted here; accepted: " + profiles);
    }
  }

  /** Required in the standard profile; in either, when present, it must name this verifier's audience. */
  private void checkAudience(TokenProfile profile, Map<String, Object> claims, Trace trace) {
    List<String> audiences = ClaimReader.optionalAudience(claims);
    if (audiences == null) {
      if (profile == TokenProfile.STANDARD) {
        throw new Reject(Rejection.MISSING_CLAIM, "claim 'aud' is required in the standard profile");
      }
      return;
    }
    List<String> shown = audiences.stream().limit(10).map(ParsedJws::printable).toList();
    if (audience == null) {
      throw new Reject(Rejection.WRONG_AUDIENCE, "aud is " + shown + " but this verifier has no audience: a token with 'aud' is refused (RFC 7519 §4.1.3)");
    }
    if (!audiences.contains(audience)) {
      throw new Reject(Rejection.WRONG_AUDIENCE, "aud is " + shown + "; expected '" + audience + "'");
    }
    trace.pass("audience", () -> "'" + audience + "' in " + shown);
  }

  private List<VerificationKey> principalKeys(String principal, Trace trace) {
    Optional<List<VerificationKey>> found = keys.keysOf(principal);
    if (found.isEmpty()) {
      throw new Reject(Rejection.UNKNOWN_PRINCIPAL, "principal '" + ParsedJws.printable(principal) + "' is unknown or disabled");
    }
    trace.pass("principal keys", () -> found.get().size() + " usable key(s)");
    return found.get();
  }

  private void checkTime(Claimed claimed, Map<String, Object> claims, Instant now, Trace trace) {
    Instant issued = claimed.issuedAt();
    String what = claimed.profile() == TokenProfile.COMPATIBLE ? "time" : "iat";
    if (issued.isAfter(now.plus(clockSkew))) {
      throw new Reject(Rejection.NOT_YET_VALID, what + " " + issued + " is in the future (now " + now + ", skew " + clockSkew + ")");
    }
    Instant exp = ClaimReader.optionalSeconds(claims, "exp"); // required, and so read already, in the standard profile
    if (exp != null) {
      if (exp.isBefore(issued)) {
        throw new Reject(Rejection.MALFORMED, "exp " + exp + " is before " + what + " " + issued);
      }
      Duration lifetime = Duration.between(issued, exp);
      if (claimed.profile() == TokenProfile.STANDARD && lifetime.compareTo(maxLifetime) > 0) {
        throw new Reject(Rejection.LIFETIME_TOO_LONG, "exp - iat is " + lifetime + "; the maximum is " + maxLifetime);
      }
      if (now.isAfter(exp.plus(clockSkew))) {
        throw new Reject(Rejection.EXPIRED, "token expired at " + exp + " (now " + now + ", skew " + clockSkew + ")");
      }
    }
    for (String claim : claimed.profile() == TokenProfile.STANDARD ? List.of("nbf") : List.of("nbf", "iat")) {
      Instant notBefore = ClaimReader.optionalSeconds(claims, claim);
      if (notBefore != null && notBefore.isAfter(now.plus(clockSkew))) {
        throw new Reject(Rejection.NOT_YET_VALID, claim + " " + notBefore + " is in the future (now " + now + ", skew " + clockSkew + ")");
      }
    }
    if (issued.isBefore(now.minus(clockSkew))) {
      throw new Reject(Rejection.EXPIRED, what + " " + issued + " is too old (now " + now + ", skew " + clockSkew + ")");
    }
    trace.pass("time", () -> what + " " + issued + " within " + Quantities.format(clockSkew) + " of now "
        + now.truncatedTo(ChronoUnit.SECONDS) + (exp == null ? "" : ", exp " + exp));
  }

  private void checkReplay(Claimed claimed, Trace trace) {
    if (!replayStore.firstUse(claimed.principal(), claimed.nonce(), claimed.acceptableUntil())) {
      throw new Reject(Rejection.REPLAYED, "nonce '" + ParsedJws.printable(claimed.nonce()) + "' of principal '" + ParsedJws.printable(claimed.principal()) + "' was already used");
    }
    trace.pass("replay", () -> "nonce first seen; remembered until " + claimed.acceptableUntil());
  }

  @Override
  public String toString() {
    return "RequestTokenVerifier[audience=" + audience + ", skew=" + clockSkew + ", maxLifetime=" + maxLifetime
        + ", profiles=" + profiles + ", requiredBindings=" + requiredBindings + ", replayStore=" + replayStore + "]";
  }

  /** Settings for a {@link RequestTokenVerifier}; {@link #build()} checks them all. Not thread-safe. */
  public static final class Builder {
    private final PrincipalKeys keys;
    private @Nullable String audience;
    private Duration clockSkew = Duration.ofSeconds(20);
    private Duration maxLifetime = Duration.ofSeconds(60);
    private Clock clock = Clock.systemUTC();
    private @Nullable ReplayStore replayStore;
    private int replayCapacity = 1_000_000;
    private Set<Binding> requiredBindings = EnumSet.noneOf(Binding.class);
    private Set<Algorithm> algorithms = EnumSet.allOf(Algorithm.class);
    private Set<TokenProfile> profiles = EnumSet.of(TokenProfile.COMPATIBLE, TokenProfile.STANDARD);
    private int maxTokenLength = 8192;
    private @Nullable Provider provider;

    private Builder(PrincipalKeys keys) {
      this.keys = Objects.requireNonNull(keys, "keys");
    }

    /**
     * The {@code aud} a standard-profile token must carry, and any token that has an {@code aud}:
     * this server's issuer URL. Required for the standard profile; without it, tokens with an
     * {@code aud} are refused.
     */
    public Builder audience(String audience) {
      this.audience = Objects.requireNonNull(audience, "audience");
      return this;
    }

    /** How far {@code time}/{@code iat} may be from now, either way (default 20 s). */
    public Builder clockSkew(Duration skew) {
      this.clockSkew = Objects.requireNonNull(skew, "clockSkew");
      return this;
    }

    /** The longest {@code exp - iat} accepted (default 60 s). */
    public Builder maxLifetime(Duration lifetime) {
      this.maxLifetime = Objects.requireNonNull(lifetime, "maxLifetime");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Where nonces are remembered (default: in memory, one million live nonces at most). */
    public Builder replayStore(ReplayStore store) {
      this.replayStore = Objects.requireNonNull(store, "replayStore");
      return this;
    }

    /** Binding claims every token must carry (default none; present ones are always checked). */
    public Builder requireBinding(Binding... bindings) {
      this.requiredBindings = bindings.length == 0 ? EnumSet.noneOf(Binding.class) : EnumSet.copyOf(List.of(bindings));
      return this;
    }

    /** The algorithms accepted (default: all of {@link Algorithm}; each key still accepts only its own). */
    public Builder algorithms(Algorithm... allowed) {
      this.algorithms = allowed.length == 0 ? EnumSet.noneOf(Algorithm.class) : EnumSet.copyOf(List.of(allowed));
      return this;
    }

    /** The claim profiles accepted (default both). */
    public Builder profiles(TokenProfile... accepted) {
      this.profiles = accepted.length == 0 ? EnumSet.noneOf(TokenProfile.class) : EnumSet.copyOf(List.of(accepted));
      return this;
    }

    /** Longer tokens are refused before parsing (default 8192 characters). */
    public Builder maxTokenLength(int characters) {
      this.maxTokenLength = characters;
      return this;
    }

    /** The JCA provider for signature checks, where it implements the algorithm (default: the JDK's). Never installed globally. */
    public Builder provider(Provider provider) {
      this.provider = Objects.requireNonNull(provider, "provider");
      return this;
    }

    /**
     * The verifier, after checking every setting.
     *
     * @throws IllegalStateException naming the first setting that is wrong
     */
    public RequestTokenVerifier build() {
      if (clockSkew.isNegative()) {
        throw new IllegalStateException("clockSkew must not be negative: " + clockSkew);
      }
      if (clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
        throw new IllegalStateException("clockSkew must be at most PT5M: " + clockSkew);
      }
      if (maxLifetime.isNegative() || maxLifetime.isZero() || maxLifetime.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalStateException("maxLifetime must be positive and at most PT1H: " + maxLifetime);
      }
      if (profiles.isEmpty()) {
        throw new IllegalStateException("profiles must not be empty");
      }
      if (profiles.contains(TokenProfile.ACCESS_TOKEN)) {
        throw new IllegalStateException("ACCESS_TOKEN is not a request-token profile; use TokenVerifier");
      }
      if (profiles.contains(TokenProfile.STANDARD) && audience == null) {
        throw new IllegalStateException("audience is required when the standard profile is accepted");
      }
      if (algorithms.isEmpty()) {
        throw new IllegalStateException("algorithms must not be empty");
      }
      if (maxTokenLength < 256 || maxTokenLength > 65536) {
        throw new IllegalStateException("maxTokenLength must be 256-65536: " + maxTokenLength);
      }
      return new RequestTokenVerifier(this);
    }
  }
}
