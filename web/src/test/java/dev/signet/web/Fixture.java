package dev.signet.web;

import dev.signet.Algorithm;
import dev.signet.InMemoryPrincipalKeys;
import dev.signet.RequestTokenVerifier;
import dev.signet.SigningKey;
import dev.signet.testing.TestKeys;
import java.io.IOException;
import java.net.URI;

/**
 * Two independent issuers and a resource server that trusts both: "signet" (an RFC 9068 issuer
 * whose JWKS URL is configured, RS256) and "foreign" (a Keycloak-like issuer under a path, found
 * through OpenID Connect discovery, ES256, typing its tokens {@code JWT}); plus principal
 * {@code alice} for request tokens.
 */
final class Fixture implements AutoCloseable {
  static final URI PUBLIC_URL = URI.create("https://api.example.test");
  static final String AUDIENCE = "orders-api";

  final TestIssuer signet;
  final TestIssuer foreign;
  final SigningKey alice = TestKeys.of(Algorithm.ES256, "alice");
  final InMemoryPrincipalKeys principals = new InMemoryPrincipalKeys().add("alice", alice.publicKey());

  private Fixture() throws IOException {
    signet = TestIssuer.start("", TestIssuer.Metadata.NONE, TestKeys.of(Algorithm.RS256, "issuer-signet"));
    foreign = TestIssuer.start("/realms/shop", TestIssuer.Metadata.OPENID, TestKeys.of(Algorithm.ES256, "issuer-foreign"));
  }

  static Fixture start() throws IOException {
    return new Fixture();
  }

  /** One fixture for the test JVM, started on first use and never closed (its threads are daemons). */
  static Fixture shared() {
    return Shared.FIXTURE;
  }

  private static final class Shared {
    static final Fixture FIXTURE;

    static {
      try {
        FIXTURE = new Fixture();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  TrustedIssuer signetIssuer() {
    return TrustedIssuer.builder(signet.issuer).jwksUri(signet.uri("/jwks.json")).audience(AUDIENCE).build();
  }

  TrustedIssuer foreignIssuer() {
    return TrustedIssuer.builder(foreign.issuer).audience(AUDIENCE).acceptJwtType().build();
  }

  RequestTokenVerifier requestTokens() {
    return RequestTokenVerifier.builder(principals).audience(PUBLIC_URL.toString()).build();
  }

  /** Both issuers, request tokens, and {@code metrics}. */
  ResourceServer.Builder resourceServer(WebMetrics metrics) {
    return ResourceServer.builder(PUBLIC_URL).trust(signetIssuer()).trust(foreignIssuer()).requestTokens(requestTokens()).metrics(metrics);
  }

  @Override
  public void close() {
    signet.close();
    foreign.close();
  }
}
