package dev.signet.spring;

import dev.signet.Algorithm;
import dev.signet.web.ResourceServer;
import dev.signet.web.TrustedIssuer;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code signet.*} as a {@link ResourceServer}: every value checked now, a wrong one named by its property. */
final class ResourceServerFactory {
  private static final Logger log = LoggerFactory.getLogger(ResourceServerFactory.class);

  private ResourceServerFactory() {}

  /**
   * @param serverPort {@code server.port} (null when unset), for the default public URLs
   */
  static ResourceServer build(SignetProperties p, @Nullable Integer serverPort, List<ResourceServerCustomizer> customizers) {
    List<TrustedIssuer> issuers = TrustedIssuers.of(p);
    List<URI> publicUrls = publicUrls(p, serverPort);
    log.info("Signet trusts {} at {}", issuers, publicUrls);
    ResourceServer.Builder builder = PropertyProblem.check("signet.public-urls", publicUrls.getFirst(),
        () -> ResourceServer.builder(publicUrls.getFirst()));
    for (URI url : publicUrls.subList(1, publicUrls.size())) {
      PropertyProblem.check("signet.public-urls", url, () -> builder.publicUrl(url));
    }
    issuers.forEach(builder::trust);
    for (int i = 0; i < p.getTrustedProxies().size(); i++) {
      String proxy = p.getTrustedProxies().get(i);
      PropertyProblem.check("signet.trusted-proxies[" + i + "]", proxy, () -> builder.trustProxies(proxy));
    }
    SignetProperties.Dpop dpop = p.getDpop();
    if (!dpop.isEnabled()) {
      builder.dpopAlgorithms();
    } else if (!dpop.getAlgorithms().isEmpty()) {
      builder.dpopAlgorithms(dpop.getAlgorithms().toArray(Algorithm[]::new));
    }
    builder.dpopProofMaxAge(dpop.getProofMaxAge()).tokenCache(p.getTokenCache().getMaxEntries(), p.getTokenCache().getTtl());
    String realm = p.getRealm();
    if (realm != null) {
      PropertyProblem.check("signet.realm", realm, () -> builder.realm(realm));
    }
    customizers.forEach(c -> c.customize(builder));
    ResourceServer resourceServer = PropertyProblem.check("signet", null, Map.of("dpopAlgorithms", "signet.dpop.algorithms",
        "dpopProofMaxAge", "signet.dpop.proof-max-age", "tokenCache", "signet.token-cache", "issuer", "signet.issuers"), builder::build);
    return resourceServer;
  }

  private static List<URI> publicUrls(SignetProperties p, @Nullable Integer serverPort) {
    if (!p.getPublicUrls().isEmpty()) {
      return List.copyOf(p.getPublicUrls());
    }
    int port = serverPort == null ? 8080 : serverPort;
    if (port == 0) {
      log.warn("signet.public-urls is not set and server.port is 0: DPoP proofs and request tokens that name this server's URL"
          + " are refused unless a trusted proxy names it; set signet.public-urls");
    }
    return List.of(URI.create("http://localhost:" + port), URI.create("http://127.0.0.1:" + port));
  }
}
