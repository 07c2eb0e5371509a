package dev.signet.spring;

import dev.signet.web.Access;
import dev.signet.web.AccessRules;
import dev.signet.web.Credential;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code signet.public-paths}, {@code signet.routes} and {@code signet.dpop.required} as
 * {@link AccessRules}: public paths first, then the routes in order; every other path needs a
 * valid credential (DPoP-bound when DPoP is required).
 */
final class AccessRulesFactory {
  private static final Logger log = LoggerFactory.getLogger(AccessRulesFactory.class);

  private AccessRulesFactory() {}

  static AccessRules build(SignetProperties p) {
    boolean dpopOnly = p.getDpop().isRequired();
    if (dpopOnly && !p.getDpop().isEnabled()) {
      throw PropertyProblem.invalid("signet.dpop.required", true, "DPoP cannot be required while signet.dpop.enabled is false");
    }
    AccessRules.Builder rules = AccessRules.builder();
    for (int i = 0; i < p.getPublicPaths().size(); i++) {
      String pattern = p.getPublicPaths().get(i);
      PropertyProblem.check("signet.public-paths[" + i + "]", pattern, () -> rules.publicPaths(pattern));
    }
    for (int i = 0; i < p.getRoutes().size(); i++) {
      route(rules, "signet.routes[" + i + "]", p.getRoutes().get(i), dpopOnly);
    }
    AccessRules built = rules.otherwise(dpopOnly ? Access.authenticated().only(Credential.DPOP) : Access.authenticated()).build();
    log.info("Signet asks {}", built);
    return built;
  }

  private static void route(AccessRules.Builder rules, String prefix, SignetProperties.Route route, boolean dpopOnly) {
    String pattern = route.getPath();
    if (pattern == null) {
      throw PropertyProblem.invalid(prefix + ".path", null, "each route needs a path pattern");
    }
    List<String> scopes = route.getScopes();
    Access access = scopes.isEmpty() ? Access.authenticated()
        : PropertyProblem.check(prefix + ".scopes", scopes, () -> Access.scopes(scopes.toArray(String[]::new)));
    Set<Credential> credentials = route.getCredentials().isEmpty() ? EnumSet.allOf(Credential.class) : EnumSet.copyOf(route.getCredentials());
    if (dpopOnly) {
      if (!credentials.contains(Credential.DPOP)) {
        throw PropertyProblem.invalid(prefix + ".credentials", route.getCredentials(), "signet.dpop.required is true, so every route must take dpop");
      }
      credentials = EnumSet.of(Credential.DPOP);
    }
    Access required = access.only(credentials.toArray(Credential[]::new));
    PropertyProblem.check(prefix + ".path", pattern, Map.of("HTTP", prefix + ".methods"),
        () -> rules.rule(pattern, required, route.getMethods().toArray(String[]::new)));
  }
}
