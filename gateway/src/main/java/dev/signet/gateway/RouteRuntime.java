package dev.signet.gateway;

import dev.signet.gateway.config.GatewayConfig.Route;
import dev.signet.web.Access;
import dev.signet.web.EncryptedBodies;
import dev.signet.web.ResourceServer;
import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * A route put to work: its engine (null for {@code auth: none}), what it asks of callers, the
 * upstream base its request paths are appended to, and its decrypting step (null unless
 * {@code decrypt: true}).
 */
record RouteRuntime(Route route, @Nullable ResourceServer engine, Access access, String upstreamBase, String allow,
    @Nullable EncryptedBodies bodies) {

  static RouteRuntime of(Route route, @Nullable ResourceServer engine, Access access, @Nullable EncryptedBodies bodies) {
    URI up = route.upstream();
    String path = up.getRawPath() == null ? "" : up.getRawPath();
    String base = up.getScheme() + "://" + up.getRawAuthority() + (path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
    return new RouteRuntime(route, engine, access, base, String.join(", ", route.methods()), bodies);
  }

  /** Whether this route serves {@code path}: its prefix in whole segments. */
  boolean serves(String path) {
    String prefix = route.path();
    return prefix.equals("/") || path.equals(prefix) || (path.startsWith(prefix) && path.charAt(prefix.length()) == '/');
  }
}
