package dev.signet.web;

import dev.signet.TokenClaims;
import dev.signet.VerifiedToken;
import java.security.Principal;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A verified caller, as the integrations hand it to the application: who ({@link #principal()}),
 * how ({@link #credential()}), on whose word ({@link #issuer()}), with which {@link #scopes()}
 * and every claim of the token.
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows no token.
 */
public final class Identity implements Principal {
  private final VerifiedToken token;
  private final Credential credential;
  private final @Nullable String issuer;
  private final @Nullable String dpopThumbprint;

  Identity(VerifiedToken token, Credential credential, @Nullable String issuer, @Nullable String dpopThumbprint) {
    this.token = Objects.requireNonNull(token, "token");
    this.credential = Objects.requireNonNull(credential, "credential");
    this.issuer = issuer;
    this.dpopThumbprint = dpopThumbprint;
  }

  /** {@code sub} of an access token; the principal a request token names. */
  public String principal() {
    return token.principal();
  }

  public Credential credential() {
    return credential;
  }

  /** The access token's issuer, exactly as trusted; empty for request tokens (the principal signed them). */
  public Optional<String> issuer() {
    return Optional.ofNullable(issuer);
  }

  /** The granted scopes ({@code scope} or {@code scp}); empty for request tokens. */
  public Set<String> scopes() {
    return token.scopes();
  }

  public TokenClaims claims() {
    return token.claims();
  }

  /** Everything the core verifier reports: key id, algorithm, issue and expiry times, token id. */
  public VerifiedToken token() {
    return token;
  }

  /** For a DPoP-bound token, the RFC 7638 thumbprint of the key the caller proved it holds. */
  public Optional<String> dpopThumbprint() {
    return Optional.ofNullable(dpopThumbprint);
  }

  /** The principal, so that {@code request.getUserPrincipal().getName()} works. */
  @Override
  public String getName() {
    return principal();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Identity other && token.equals(other.token) && credential == other.credential
        && Objects.equals(issuer, other.issuer) && Objects.equals(dpopThumbprint, other.dpopThumbprint);
  }

  @Override
  public int hashCode() {
    return Objects.hash(token, credential, issuer, dpopThumbprint);
  }

  @Override
  public String toString() {
    return "Identity[" + principal() + " by " + credential + (issuer == null ? "" : " from " + issuer) + ", scopes=" + scopes() + "]";
  }
}
