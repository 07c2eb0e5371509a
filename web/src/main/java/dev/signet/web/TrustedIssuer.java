package dev.signet.web;

import dev.signet.Algorithm;
import dev.signet.KeySource;
import dev.signet.RemoteJwks;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * An authorization server whose access tokens a {@link ResourceServer} accepts, and how to judge
 * them. Its keys come from its metadata by default (RFC 8414
 * {@code /.well-known/oauth-authorization-server}, then OpenID Connect
 * {@code /.well-known/openid-configuration}; the document's {@code issuer} must equal
 * {@link #issuer()} exactly), fetched on the first token from it; or from a {@link Builder#jwksUri}
 * or a {@link KeySource} given here.
 *
 * {@snippet :
 * TrustedIssuer signet = TrustedIssuer.builder("https://auth.example.com").audience("orders-api").build();
 * TrustedIssuer keycloak = TrustedIssuer.builder("https://sso.example.com/realms/shop")
 *     .audience("orders-api")
 *     .acceptJwtType()          // Keycloak says typ "JWT", not "at+jwt"
 *     .build();
 * }
 *
 * <p><b>Token type.</b> By default only RFC 9068 access tokens ({@code typ: at+jwt}) are
 * accepted: the type is what tells an access token from an ID token or any other JWT the same
 * issuer signs. Keycloak, Auth0 (unless configured) and Entra ID type their access tokens
 * {@code JWT}; {@link Builder#acceptJwtType()} accepts that too, and then requires an audience,
 * which keeps their ID tokens (whose {@code aud} is a client id) out.
 *
 * <p>Immutable and thread-safe.
 */
public final class TrustedIssuer {
  private final String issuer;
  private final @Nullable URI jwksUri;
  private final @Nullable KeySource keys;
  private final @Nullable String audience;
  private final List<String> types;
  private final Set<Algorithm> algorithms;
  private final Duration clockSkew;
  private final Duration maxLifetime;
  private final UnaryOperator<RemoteJwks.Builder> jwksSettings;
  private final @Nullable Introspection introspection;

  private TrustedIssuer(Builder b) {
    this.issuer = b.issuer;
    this.jwksUri = b.jwksUri;
    this.keys = b.keys;
    this.audience = b.audience;
    this.types = b.acceptJwtType ? List.of("at+jwt", "JWT") : List.of("at+jwt");
    this.algorithms = Set.copyOf(b.algorithms);
    this.clockSkew = b.clockSkew;
    this.maxLifetime = b.maxLifetime;
    this.jwksSettings = b.jwksSettings;
    this.introspection = b.introspection;
  }

  /** Settings for the issuer whose tokens say exactly {@code iss: issuer}. */
  public static Builder builder(String issuer) {
    return new Builder(issuer);
  }

  /** The exact {@code iss} of its tokens. */
  public String issuer() {
    return issuer;
  }

  @Nullable URI jwksUri() {
    return jwksUri;
  }

  @Nullable KeySource keys() {
    return keys;
  }

  @Nullable String audience() {
    return audience;
  }

  List<String> types() {
    return types;
  }

  Set<Algorithm> algorithms() {
    return algorithms;
  }

  Duration clockSkew() {
    return clockSkew;
  }

  Duration maxLifetime() {
    return maxLifetime;
  }

  UnaryOperator<RemoteJwks.Builder> jwksSettings() {
    return jwksSettings;
  }

  @Nullable Introspection introspection() {
    return introspection;
  }

  @Override
  public String toString() {
    return "TrustedIssuer[" + issuer + ", audience=" + (audience == null ? "(any)" : audience) + ", types=" + types
        + ", keys=" + (keys != null ? keys : jwksUri != null ? jwksUri : "discovery") + (introspection == null ? "" : ", " + introspection) + "]";
  }

  /** Settings of a {@link TrustedIssuer}; {@link #build()} checks them. Not thread-safe. */
  public static final class Builder {
    private final String issuer;
    private @Nullable URI jwksUri;
    private @Nullable KeySource keys;
    private @Nullable String audience;
    private boolean anyAudience;
    private boolean acceptJwtType;
    private Set<Algorithm> algorithms = EnumSet.allOf(Algorithm.class);
    private Duration clockSkew = Duration.ofSeconds(30);
    private Duration maxLifetime = Duration.ofHours(24);
    private UnaryOperator<RemoteJwks.Builder> jwksSettings = UnaryOperator.identity();
    private @Nullable Introspection introspection;

    private Builder(String issuer) {
      this.issuer = Objects.requireNonNull(issuer, "issuer");
    }

    /** The {@code aud} value its tokens must carry for this resource server. Required unless {@link #anyAudience()}. */
    public Builder audience(String audience) {
      this.audience = Objects.requireNonNull(audience, "audience");
      return this;
    }

    /**
     * Accepts its tokens whatever their audience: tokens it issued for any other service work
     * here too. Only for an issuer that serves this resource server alone.
     */
    public Builder anyAudience() {
      this.anyAudience = true;
      return this;
    }

    /** Accepts {@code typ: JWT} besides {@code at+jwt} (Keycloak, Entra ID, Auth0); needs an {@link #audience}. */
    public Builder acceptJwtType() {
      this.acceptJwtType = true;
      return this;
    }

    /** Its keys from this JWKS URL instead of from its metadata. */
    public Builder jwksUri(URI uri) {
      this.jwksUri = Objects.requireNonNull(uri, "jwksUri");
      return this;
    }

    /** Its keys from this source (a fixed set, a file, a {@link RemoteJwks} of your own, which you close). */
    public Builder keys(KeySource keys) {
      this.keys = Objects.requireNonNull(keys, "keys");
      return this;
    }

    /** The algorithms accepted from it (default: all of {@link Algorithm}; each key accepts only its own). */
    public Builder algorithms(Algorithm... allowed) {
      this.algorithms = allowed.length == 0 ? EnumSet.noneOf(Algorithm.class) : EnumSet.copyOf(List.of(allowed));
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

    /**
     * Adjusts the {@link RemoteJwks} built for its JWKS URL (found by discovery or given):
     * cache TTL, fetch bound, outage tolerance… The resource server sets its clock first.
     */
    public Builder jwks(UnaryOperator<RemoteJwks.Builder> settings) {
      this.jwksSettings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /** Asks its RFC 7662 introspection endpoint whether each token is still active (revocation). */
    public Builder introspection(Introspection introspection) {
      this.introspection = Objects.requireNonNull(introspection, "introspection");
      return this;
    }

    /**
     * The issuer's settings, after checking them.
     *
     * @throws IllegalStateException naming the first setting that is missing or wrong
     */
    public TrustedIssuer build() {
      if (issuer.isBlank()) {
        throw new IllegalStateException("issuer must not be blank");
      }
      if (audience == null && !anyAudience) {
        throw new IllegalStateException("audience is required for issuer " + issuer + " (or anyAudience(), which accepts tokens meant for other services)");
      }
      if (audience != null && anyAudience) {
        throw new IllegalStateException("audience and anyAudience() contradict each other for issuer " + issuer);
      }
      if (acceptJwtType && audience == null) {
        throw new IllegalStateException("acceptJwtType() needs an audience for issuer " + issuer + ": without one its ID tokens would pass as access tokens");
      }
      if (keys != null && jwksUri != null) {
        throw new IllegalStateException("keys and jwksUri both set for issuer " + issuer + "; choose one");
      }
      if (algorithms.isEmpty()) {
        throw new IllegalStateException("algorithms must not be empty for issuer " + issuer);
      }
      if (keys == null && jwksUri == null) {
        Discovery.requireDiscoverable(issuer);
      }
      return new TrustedIssuer(this);
    }
  }
}
