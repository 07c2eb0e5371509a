package dev.signet.web;

import dev.signet.Algorithm;
import dev.signet.KeySource;
import dev.signet.RemoteJwks;
import dev.signet.TokenVerifier;
import java.net.URI;
import java.security.Provider;
import java.time.Clock;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A {@link TrustedIssuer} put to work: its key source (built here unless the application gave
 * one), the core {@link TokenVerifier} over it, and its introspector. Closing it closes only what
 * it built.
 */
final class IssuerRuntime implements AutoCloseable {
  private final TrustedIssuer settings;
  private final KeySource keys;
  private final @Nullable Runnable closeKeys;
  private final TokenVerifier verifier;
  private final @Nullable Introspector introspector;

  IssuerRuntime(TrustedIssuer settings, Clock clock, int maxTokenLength, @Nullable Provider provider) {
    this.settings = settings;
    Function<URI, RemoteJwks> jwks = uri -> settings.jwksSettings().apply(RemoteJwks.builder(uri).clock(clock)).build();
    KeySource given = settings.keys();
    URI jwksUri = settings.jwksUri();
    if (given != null) {
      this.keys = given;
      this.closeKeys = null;
    } else if (jwksUri != null) {
      RemoteJwks remote = jwks.apply(jwksUri);
      this.keys = remote;
      this.closeKeys = remote::close;
    } else {
      Discovery discovery = new Discovery(settings.issuer(), jwks, clock);
      this.keys = discovery;
      this.closeKeys = discovery::close;
    }
    TokenVerifier.Builder verifier = TokenVerifier.builder(keys).issuer(settings.issuer())
        .algorithms(settings.algorithms().toArray(Algorithm[]::new)).types(settings.types().toArray(String[]::new))
        .clockSkew(settings.clockSkew()).maxLifetime(settings.maxLifetime()).clock(clock).maxTokenLength(maxTokenLength);
    String audience = settings.audience();
    if (audience != null) {
      verifier.audience(audience);
    }
    if (provider != null) {
      verifier.provider(provider);
    }
    this.verifier = verifier.build();
    Introspection introspection = settings.introspection();
    this.introspector = introspection == null ? null : new Introspector(introspection, clock);
  }

  String issuer() {
    return settings.issuer();
  }

  TokenVerifier verifier() {
    return verifier;
  }

  @Nullable Introspector introspector() {
    return introspector;
  }

  @Override
  public void close() {
    if (introspector != null) {
      introspector.close();
    }
    if (closeKeys != null) {
      closeKeys.run();
    }
  }

  @Override
  public String toString() {
    return "IssuerRuntime[" + settings + "]";
  }
}
