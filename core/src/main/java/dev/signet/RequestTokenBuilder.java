package dev.signet;

import dev.signet.internal.RequestHashes;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One request token in the making, from {@link TokenSigner#requestToken}. Without
 * {@link #audience} it uses the compatible profile ({@code username}, {@code time},
 * {@code nonce}); with it the standard one ({@code iss} = {@code sub}, {@code aud}, {@code iat},
 * {@code exp}, {@code jti}). The nonce is 128 random bits unless given. Single use, not
 * thread-safe.
 */
public final class RequestTokenBuilder {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final TokenSigner signer;
  private final String principal;
  private final Clock clock;
  private @Nullable String audience;
  private Duration lifetime = Duration.ofSeconds(30);
  private @Nullable String nonce;
  private @Nullable Instant issuedAt;
  private @Nullable RequestContext request;
  private Set<Binding> bindings = EnumSet.noneOf(Binding.class);

  RequestTokenBuilder(TokenSigner signer, String principal, Clock clock) {
    if (Objects.requireNonNull(principal, "principal").isEmpty()) {
      throw new IllegalArgumentException("principal must not be empty");
    }
    this.signer = signer;
    this.principal = principal;
    this.clock = clock;
  }

  /** Switches to the standard profile with this {@code aud} (the server's issuer URL). */
  public RequestTokenBuilder audience(String audience) {
    this.audience = Objects.requireNonNull(audience, "audience");
    return this;
  }

  /** {@code exp - iat} in the standard profile (default 30 s). */
  public RequestTokenBuilder lifetime(Duration lifetime) {
    if (lifetime.isNegative() || lifetime.isZero()) {
      throw new IllegalArgumentException("lifetime must be positive: " + lifetime);
    }
    this.lifetime = lifetime;
    return this;
  }

  /** A chosen nonce instead of a random one. */
  public RequestTokenBuilder nonce(String nonce) {
    this.nonce = Objects.requireNonNull(nonce, "nonce");
    return this;
  }

  /** A chosen issue time instead of the clock's now. */
  public RequestTokenBuilder issuedAt(Instant issuedAt) {
    this.issuedAt = Objects.requireNonNull(issuedAt, "issuedAt");
    return this;
  }

  /**
   * Binds the token to {@code request}: {@code htm} and {@code htu} always, {@code qsh} when the
   * URL has a query, {@code bsh} when there is a body.
   */
  public RequestTokenBuilder bind(RequestContext request) {
    EnumSet<Binding> chosen = EnumSet.of(Binding.HTM, Binding.HTU);
    if (request.uri().getRawQuery() != null) {
      chosen.add(Binding.QSH);
    }
    if (request.body().length > 0) {
      chosen.add(Binding.BSH);
    }
    return bind(request, chosen);
  }

  /** Binds the token to {@code request} with exactly the chosen binding claims. */
  public RequestTokenBuilder bind(RequestContext request, Set<Binding> chosen) {
    this.request = Objects.requireNonNull(request, "request");
    this.bindings = chosen.isEmpty() ? EnumSet.noneOf(Binding.class) : EnumSet.copyOf(chosen);
    return this;
  }

  /** The signed compact JWS. */
  public String sign() {
    Instant now = issuedAt != null ? issuedAt : clock.instant();
    String id = nonce != null ? nonce : randomNonce();
    TokenClaims.Builder claims = TokenClaims.builder();
    if (audience == null) {
      claims.claim("username", principal).claim("time", now.getEpochSecond()).claim("nonce", id);
    } else {
      claims.issuer(principal).subject(principal).audience(audience)
          .issuedAt(now).expiresAt(now.plus(lifetime)).id(id);
    }
    if (request != null) {
      for (Binding b : bindings) {
        claims.claim(b.claim(), value(b, request));
      }
    }
    return signer.sign(claims.build());
  }

  private static String value(Binding binding, RequestContext request) {
    return switch (binding) {
      case HTM -> request.method();
      case HTU -> RequestHashes.htu(request.uri());
      case QSH -> RequestHashes.qsh(request.method(), request.uri());
      case BSH -> RequestHashes.bsh(request.body());
    };
  }

  private static String randomNonce() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

}
