package dev.signet.spring;

import dev.signet.Algorithm;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One trusted issuer as {@code signet.*} (the first) or {@code signet.issuers[n].*} (more) bind it:
 * the binding target of {@link SignetProperties}, checked when the application starts.
 */
public class IssuerProperties {
  /**
   * The issuer identifier: exactly the "iss" of its access tokens. Its keys are found through its
   * metadata (RFC 8414, then OpenID Connect discovery) unless jwks-uri is set.
   */
  private @Nullable String issuer;

  /** Its JWKS URL, instead of the one its metadata names. */
  private @Nullable URI jwksUri;

  /** The "aud" its tokens must carry for this application. Required unless any-audience is true. */
  private @Nullable String audience;

  /**
   * Accept its tokens whatever their audience: tokens it issued for any other service work here
   * too. Only for an issuer that serves this application alone.
   */
  private boolean anyAudience;

  /**
   * Accept "typ": "JWT" besides "at+jwt" (Keycloak, Entra ID, Auth0). Needs an audience, which
   * keeps the issuer's ID tokens out.
   */
  private boolean acceptJwtType;

  /** The signature algorithms accepted from it (default: all RSA, EC and EdDSA ones; never none or HMAC). */
  private List<Algorithm> algorithms = new ArrayList<>();

  /** Tolerance for exp, nbf and iat. */
  private Duration clockSkew = Duration.ofSeconds(30);

  /** The longest exp - iat accepted. */
  private Duration maxLifetime = Duration.ofHours(24);

  private final Jwks jwks = new Jwks();

  private final Introspection introspection = new Introspection();

  public @Nullable String getIssuer() {
    return issuer;
  }

  public void setIssuer(@Nullable String issuer) {
    this.issuer = issuer;
  }

  public @Nullable URI getJwksUri() {
    return jwksUri;
  }

  public void setJwksUri(@Nullable URI jwksUri) {
    this.jwksUri = jwksUri;
  }

  public @Nullable String getAudience() {
    return audience;
  }

  public void setAudience(@Nullable String audience) {
    this.audience = audience;
  }

  public boolean isAnyAudience() {
    return anyAudience;
  }

  public void setAnyAudience(boolean anyAudience) {
    this.anyAudience = anyAudience;
  }

  public boolean isAcceptJwtType() {
    return acceptJwtType;
  }

  public void setAcceptJwtType(boolean acceptJwtType) {
    this.acceptJwtType = acceptJwtType;
  }

  public List<Algorithm> getAlgorithms() {
    return algorithms;
  }

  public void setAlgorithms(List<Algorithm> algorithms) {
    this.algorithms = algorithms;
  }

  public Duration getClockSkew() {
    return clockSkew;
  }

  public void setClockSkew(Duration clockSkew) {
    this.clockSkew = clockSkew;
  }

  public Duration getMaxLifetime() {
    return maxLifetime;
  }

  public void setMaxLifetime(Duration maxLifetime) {
    this.maxLifetime = maxLifetime;
  }

  public Jwks getJwks() {
    return jwks;
  }

  public Introspection getIntrospection() {
    return introspection;
  }

  /** How the issuer's JWKS is cached and refetched. */
  public static class Jwks {
    /** How long a fetched JWKS is used; it is refreshed in the background from three quarters of it. */
    private Duration cacheTtl = Duration.ofMinutes(5);

    /**
     * Fetches per minute at most, whatever asks for them (unknown kids included): a flood of
     * made-up kids costs the issuer no more than this.
     */
    private int maxFetchesPerMinute = 6;

    /** While the issuer cannot be reached, the last JWKS keeps verifying for cache-ttl plus this. */
    private Duration outageTolerance = Duration.ofHours(1);

    /** The longest a fetch may take. */
    private Duration fetchTimeout = Duration.ofSeconds(5);

    public Duration getCacheTtl() {
      return cacheTtl;
    }

    public void setCacheTtl(Duration cacheTtl) {
      this.cacheTtl = cacheTtl;
    }

    public int getMaxFetchesPerMinute() {
      return maxFetchesPerMinute;
    }

    public void setMaxFetchesPerMinute(int maxFetchesPerMinute) {
      this.maxFetchesPerMinute = maxFetchesPerMinute;
    }

    public Duration getOutageTolerance() {
      return outageTolerance;
    }

    public void setOutageTolerance(Duration outageTolerance) {
      this.outageTolerance = outageTolerance;
    }

    public Duration getFetchTimeout() {
      return fetchTimeout;
    }

    public void setFetchTimeout(Duration fetchTimeout) {
      this.fetchTimeout = fetchTimeout;
    }
  }

  /** The issuer's RFC 7662 introspection endpoint, asked whether each token is still active (revocation). */
  public static class Introspection {
    /** The endpoint; introspection is off without it. */
    private @Nullable URI endpoint;

    /** This application's client id at the issuer (HTTP Basic, RFC 6749 section 2.3.1). */
    private @Nullable String clientId;

    /** This application's client secret at the issuer. */
    private @Nullable String clientSecret;

    /** How long an answer about one token is reused (at most 5 minutes). */
    private Duration cacheTtl = Duration.ofSeconds(30);

    /** The longest one exchange may take. */
    private Duration timeout = Duration.ofSeconds(5);

    public @Nullable URI getEndpoint() {
      return endpoint;
    }

    public void setEndpoint(@Nullable URI endpoint) {
      this.endpoint = endpoint;
    }

    public @Nullable String getClientId() {
      return clientId;
    }

    public void setClientId(@Nullable String clientId) {
      this.clientId = clientId;
    }

    public @Nullable String getClientSecret() {
      return clientSecret;
    }

    public void setClientSecret(@Nullable String clientSecret) {
      this.clientSecret = clientSecret;
    }

    public Duration getCacheTtl() {
      return cacheTtl;
    }

    public void setCacheTtl(Duration cacheTtl) {
      this.cacheTtl = cacheTtl;
    }

    public Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }

    @Override
    public String toString() {
      return "Introspection[" + endpoint + ", clientId=" + clientId + ", clientSecret=" + (clientSecret == null ? "(none)" : "****") + "]";
    }
  }
}
