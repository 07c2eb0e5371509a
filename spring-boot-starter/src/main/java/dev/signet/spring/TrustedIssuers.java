package dev.signet.spring;

import dev.signet.Algorithm;
import dev.signet.KeySource;
import dev.signet.RemoteJwks;
import dev.signet.TokenVerifier;
import dev.signet.web.Introspection;
import dev.signet.web.TrustedIssuer;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** {@code signet.*} and {@code signet.issuers[n].*} as {@link TrustedIssuer}s, each setting checked under its property name. */
final class TrustedIssuers {
  private static final URI PROBE = URI.create("https://jwks.invalid/");

  private TrustedIssuers() {}

  /** The first issuer (top level, when {@code signet.issuer} is set) and then each of {@code signet.issuers}. */
  static List<TrustedIssuer> of(SignetProperties properties) {
    List<TrustedIssuer> issuers = new ArrayList<>();
    if (properties.getIssuer() != null) {
      issuers.add(of("signet", properties));
    }
    for (int i = 0; i < properties.getIssuers().size(); i++) {
      issuers.add(of("signet.issuers[" + i + "]", properties.getIssuers().get(i)));
    }
    if (issuers.isEmpty()) {
      throw PropertyProblem.invalid("signet.issuer", null,
          "no issuer to trust: set signet.issuer (and signet.audience), or list them under signet.issuers, or turn Signet off with signet.enabled=false");
    }
    return issuers;
  }

  private static TrustedIssuer of(String prefix, IssuerProperties p) {
    String issuer = p.getIssuer();
    if (issuer == null || issuer.isBlank()) {
      throw PropertyProblem.invalid(prefix + ".issuer", issuer, "each trusted issuer needs its issuer identifier (the exact iss of its tokens)");
    }
    Map<String, String> settings = Map.of("audience", prefix + ".audience", "acceptJwtType", prefix + ".accept-jwt-type",
        "algorithms", prefix + ".algorithms", "keys", prefix + ".jwks-uri", "clockSkew", prefix + ".clock-skew",
        "maxLifetime", prefix + ".max-lifetime");
    // the verifier's own checks (skew, lifetime) run when the resource server is built, where no property is known
    PropertyProblem.check(prefix, issuer, settings, () -> TokenVerifier.builder(KeySource.of()).issuer(issuer)
        .clockSkew(p.getClockSkew()).maxLifetime(p.getMaxLifetime()).build());
    UnaryOperator<RemoteJwks.Builder> jwks = jwks(prefix + ".jwks", p.getJwks());
    TrustedIssuer.Builder builder = TrustedIssuer.builder(issuer).clockSkew(p.getClockSkew()).maxLifetime(p.getMaxLifetime()).jwks(jwks);
    String audience = p.getAudience();
    if (audience != null) {
      builder.audience(audience);
    }
    if (p.isAnyAudience()) {
      builder.anyAudience();
    }
    if (p.isAcceptJwtType()) {
      builder.acceptJwtType();
    }
    URI jwksUri = p.getJwksUri();
    if (jwksUri != null) {
      PropertyProblem.check(prefix + ".jwks-uri", jwksUri, () -> jwks.apply(RemoteJwks.builder(jwksUri)).build()).close();
      builder.jwksUri(jwksUri);
    }
    if (!p.getAlgorithms().isEmpty()) {
      builder.algorithms(p.getAlgorithms().toArray(Algorithm[]::new));
    }
    if (p.getIntrospection().getEndpoint() != null) {
      builder.introspection(introspection(prefix + ".introspection", p.getIntrospection()));
    }
    if (audience == null && !p.isAnyAudience()) {
      throw PropertyProblem.invalid(prefix + ".audience", null, "the audience this application's tokens carry (aud) is required for issuer " + issuer
          + "; " + prefix + ".any-audience=true instead accepts its tokens meant for any other service too");
    }
    return PropertyProblem.check(prefix + ".issuer", issuer, settings, builder::build);
  }

  private static UnaryOperator<RemoteJwks.Builder> jwks(String prefix, IssuerProperties.Jwks p) {
    UnaryOperator<RemoteJwks.Builder> settings = b -> b.cacheTtl(p.getCacheTtl()).maxFetchesPerMinute(p.getMaxFetchesPerMinute())
        .outageTolerance(p.getOutageTolerance()).fetchTimeout(p.getFetchTimeout());
    // the JWKS is built on the first token; a probe (no fetch) checks the settings now
    PropertyProblem.check(prefix, null, Map.of("cacheTtl", prefix + ".cache-ttl", "maxFetchesPerMinute", prefix + ".max-fetches-per-minute",
        "outageTolerance", prefix + ".outage-tolerance", "fetchTimeout", prefix + ".fetch-timeout"),
        () -> settings.apply(RemoteJwks.builder(PROBE)).build()).close();
    return settings;
  }

  private static Introspection introspection(String prefix, IssuerProperties.Introspection p) {
    URI endpoint = p.getEndpoint();
    Introspection.Builder builder = Introspection.builder(java.util.Objects.requireNonNull(endpoint, "endpoint"))
        .cacheTtl(p.getCacheTtl()).timeout(p.getTimeout());
    String clientId = p.getClientId();
    String secret = p.getClientSecret();
    if ((clientId == null) != (secret == null)) {
      throw PropertyProblem.invalid(prefix + (clientId == null ? ".client-id" : ".client-secret"), null,
          "client-id and client-secret go together (HTTP Basic at the introspection endpoint)");
    }
    if (clientId != null && secret != null) {
      builder.clientSecretBasic(clientId, secret);
    }
    return PropertyProblem.check(prefix + ".endpoint", endpoint,
        Map.of("cacheTtl", prefix + ".cache-ttl", "timeout", prefix + ".timeout"), builder::build);
  }
}
