package dev.signet.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Asks an issuer's RFC 7662 introspection endpoint whether a token is still active, on top of
 * verifying it locally: the way to honour revocation before {@code exp}. Answers are cached per
 * token for {@link Builder#cacheTtl} (default 30 s), so a revoked token stops working within that
 * time; a token found inactive is also dropped from the verified-token cache. An endpoint that
 * cannot be reached fails closed (503).
 *
 * {@snippet :
 * TrustedIssuer.builder("https://auth.example.com").audience("orders-api")
 *     .introspection(Introspection.builder(URI.create("https://auth.example.com/oauth/introspect"))
 *         .clientSecretBasic("orders-api", secret)
 *         .build())
 *     .build();
 * }
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows no credential.
 */
public final class Introspection {
  private final URI endpoint;
  private final @Nullable Supplier<String> authorization;
  private final Duration cacheTtl;
  private final Duration timeout;
  private final int maxEntries;

  private Introspection(Builder b) {
    this.endpoint = b.endpoint;
    this.authorization = b.authorization;
    this.cacheTtl = b.cacheTtl;
    this.timeout = b.timeout;
    this.maxEntries = b.maxEntries;
  }

  public static Builder builder(URI endpoint) {
    return new Builder(endpoint);
  }

  URI endpoint() {
    return endpoint;
  }

  @Nullable Supplier<String> authorization() {
    return authorization;
  }

  Duration cacheTtl() {
    return cacheTtl;
  }

  Duration timeout() {
    return timeout;
  }

  int maxEntries() {
    return maxEntries;
  }

  @Override
  public String toString() {
    return "Introspection[" + endpoint + ", cacheTtl=" + cacheTtl + "]";
  }

  /** Settings of an {@link Introspection}; {@link #build()} checks them. Not thread-safe. */
  public static final class Builder {
    private final URI endpoint;
    private @Nullable Supplier<String> authorization;
    private Duration cacheTtl = Duration.ofSeconds(30);
    private Duration timeout = Duration.ofSeconds(5);
    private int maxEntries = 10_000;

    private Builder(URI endpoint) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    }

    /** Authenticates as a client with a secret (RFC 6749 §2.3.1, HTTP Basic). */
    public Builder clientSecretBasic(String clientId, String secret) {
      String pair = form(Objects.requireNonNull(clientId, "clientId")) + ":" + form(Objects.requireNonNull(secret, "secret"));
      String value = "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
      return authorization(() -> value);
    }

    /**
     * The {@code Authorization} header value of each introspection request, asked for anew each
     * time: a bearer token of the resource server's own, or a Signet request token
     * ({@code () -> "JWT " + signer.requestToken("orders-api").sign()}).
     */
    public Builder authorization(Supplier<String> headerValue) {
      this.authorization = Objects.requireNonNull(headerValue, "authorization");
      return this;
    }

    /** How long an answer about one token is reused (default 30 s; at most 5 min). */
    public Builder cacheTtl(Duration ttl) {
      this.cacheTtl = Objects.requireNonNull(ttl, "cacheTtl");
      return this;
    }

    /** The whole exchange, connection included (default 5 s). */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Answers kept at most (default 10 000). */
    public Builder maxEntries(int entries) {
      this.maxEntries = entries;
      return this;
    }

    /**
     * The settings, after checking them.
     *
     * @throws IllegalStateException naming the first setting that is wrong
     */
    public Introspection build() {
      BoundedHttp.requireHttpUrl(endpoint, "introspection endpoint");
      if (cacheTtl.isNegative() || cacheTtl.compareTo(Duration.ofMinutes(5)) > 0) {
        throw new IllegalStateException("cacheTtl must be 0 to PT5M: " + cacheTtl);
      }
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalStateException("timeout must be positive: " + timeout);
      }
      if (maxEntries < 1) {
        throw new IllegalStateException("maxEntries must be positive: " + maxEntries);
      }
      return new Introspection(this);
    }

    private static String form(String s) {
      return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
  }
}
