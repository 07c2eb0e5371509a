package dev.signet.spring;

import dev.signet.Algorithm;
import dev.signet.web.Credential;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code signet.*} properties: which issuers' access tokens the application accepts, and
 * what each path asks. {@code signet.issuer}, {@code signet.audience} and the other
 * {@link IssuerProperties} at the top level describe the first issuer; {@code signet.issuers[n]}
 * adds more. Checked when the application starts: a wrong value stops it with a message naming
 * the property.
 *
 * {@snippet lang=yaml :
 * signet:
 *   issuer: https://auth.example.com
 *   audience: orders-api
 *   public-paths: [/health]
 *   routes:
 *     - path: /orders/**
 *       methods: [GET]
 *       scopes: [orders:read]
 * }
 */
@ConfigurationProperties("signet")
public class SignetProperties extends IssuerProperties {
  /** Whether Signet protects the application's routes. */
  private boolean enabled = true;

  /** More trusted issuers, each with the same settings as the first (signet.issuer, signet.audience...). */
  private List<IssuerProperties> issuers = new ArrayList<>();

  /**
   * The base URLs clients address this application at (scheme, host, port, any path prefix a
   * proxy strips), against which DPoP proofs and request tokens are checked. Default:
   * http://localhost:PORT and http://127.0.0.1:PORT with server.port.
   */
  private List<URI> publicUrls = new ArrayList<>();

  /**
   * Proxies (IP addresses or CIDR blocks) whose X-Forwarded-Proto, X-Forwarded-Host and Host
   * headers are believed when a DPoP proof's URL is checked. Nobody's by default.
   */
  private List<String> trustedProxies = new ArrayList<>();

  /**
   * Paths anyone may call without a token ("/health", "/docs/**": "*" is one segment, a final
   * "/**" everything below). Every other path needs a valid token.
   */
  private List<String> publicPaths = new ArrayList<>();

  /** What paths ask beyond a valid token: scopes, methods, kinds of credential. The first that matches decides. */
  private List<Route> routes = new ArrayList<>();

  private final Dpop dpop = new Dpop();

  private final TokenCache tokenCache = new TokenCache();
  private final Decryption decryption = new Decryption();

  /** A realm for the WWW-Authenticate challenges. */
  private @Nullable String realm;

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public List<IssuerProperties> getIssuers() {
    return issuers;
  }

  public void setIssuers(List<IssuerProperties> issuers) {
    this.issuers = issuers;
  }

  public List<URI> getPublicUrls() {
    return publicUrls;
  }

  public void setPublicUrls(List<URI> publicUrls) {
    this.publicUrls = publicUrls;
  }

  public List<String> getTrustedProxies() {
    return trustedProxies;
  }

  public void setTrustedProxies(List<String> trustedProxies) {
    this.trustedProxies = trustedProxies;
  }

  public List<String> getPublicPaths() {
    return publicPaths;
  }

  public void setPublicPaths(List<String> publicPaths) {
    this.publicPaths = publicPaths;
  }

  public List<Route> getRoutes() {
    return routes;
  }

  public void setRoutes(List<Route> routes) {
    this.routes = routes;
  }

  public Dpop getDpop() {
    return dpop;
  }

  public TokenCache getTokenCache() {
    return tokenCache;
  }

  public Decryption getDecryption() {
    return decryption;
  }

  public @Nullable String getRealm() {
    return realm;
  }

  public void setRealm(@Nullable String realm) {
    this.realm = realm;
  }

  /** What requests to matching paths ask. */
  public static class Route {
    /** The path pattern: "/orders" exactly, "*" one whole segment, a final "/**" the path and everything below. */
    private @Nullable String path;

    /** The HTTP methods it applies to (upper case); all when empty. */
    private List<String> methods = new ArrayList<>();

    /** The scopes a token must all have; any valid token when empty. */
    private List<String> scopes = new ArrayList<>();

    /** The kinds of credential taken (bearer, dpop, request-token); all when empty. */
    private List<Credential> credentials = new ArrayList<>();

    public @Nullable String getPath() {
      return path;
    }

    public void setPath(@Nullable String path) {
      this.path = path;
    }

    public List<String> getMethods() {
      return methods;
    }

    public void setMethods(List<String> methods) {
      this.methods = methods;
    }

    public List<String> getScopes() {
      return scopes;
    }

    public void setScopes(List<String> scopes) {
      this.scopes = scopes;
    }

    public List<Credential> getCredentials() {
      return credentials;
    }

    public void setCredentials(List<Credential> credentials) {
      this.credentials = credentials;
    }
  }

  /** DPoP, RFC 9449: access tokens bound to a key the caller proves it holds on each request. */
  public static class Dpop {
    /** Whether DPoP-bound tokens are taken (with a DPoP proof); when false they are refused. */
    private boolean enabled = true;

    /** Whether every protected path takes DPoP-bound tokens only: plain bearer tokens are refused. */
    private boolean required;

    /** The algorithms a proof may use (default: every RSA and EC one; EdDSA proofs cannot be verified). */
    private List<Algorithm> algorithms = new ArrayList<>();

    /** How old a proof's iat may be. */
    private Duration proofMaxAge = Duration.ofSeconds(60);

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public boolean isRequired() {
      return required;
    }

    public void setRequired(boolean required) {
      this.required = required;
    }

    public List<Algorithm> getAlgorithms() {
      return algorithms;
    }

    public void setAlgorithms(List<Algorithm> algorithms) {
      this.algorithms = algorithms;
    }

    public Duration getProofMaxAge() {
      return proofMaxAge;
    }

    public void setProofMaxAge(Duration proofMaxAge) {
      this.proofMaxAge = proofMaxAge;
    }
  }

  /** The verified-token cache: a bearer token seen again costs a hash and a lookup instead of a signature check. */
  public static class TokenCache {
    /** Tokens kept at most; 0 turns the cache off. */
    private int maxEntries = 10_000;

    /** How long a verified token is kept (never past its exp). */
    private Duration ttl = Duration.ofMinutes(5);

    public int getMaxEntries() {
      return maxEntries;
    }

    public void setMaxEntries(int maxEntries) {
      this.maxEntries = maxEntries;
    }

    public Duration getTtl() {
      return ttl;
    }

    public void setTtl(Duration ttl) {
      this.ttl = ttl;
    }
  }

  /**
   * Encrypted request bodies (issue 17): with a key file, {@code Content-Type: application/jose}
   * bodies are decrypted after authentication and the application reads the plaintext.
   */
  public static class Decryption {
    /**
     * The application's private encryption key (PEM or private JWK; RSA for RSA-OAEP-256, EC P-256
     * for ECDH-ES): with it, application/jose request bodies are decrypted before the application
     * reads them. Off when unset.
     */
    private @Nullable String keyFile;
    /** The largest application/jose body read, in bytes (100 to 16777216); larger ones are refused with 400. */
    private int maxBytes = 524288;

    public @Nullable String getKeyFile() {
      return keyFile;
    }

    public void setKeyFile(@Nullable String keyFile) {
      this.keyFile = keyFile;
    }

    public int getMaxBytes() {
      return maxBytes;
    }

    public void setMaxBytes(int maxBytes) {
      this.maxBytes = maxBytes;
    }
  }
}
