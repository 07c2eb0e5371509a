package dev.signet.server.registry;

import java.net.URI;
import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** A stored principal. {@code roles} and {@code scopes} are sorted and unmodifiable. */
public record Principal(
    String name,
    Set<String> roles,
    Set<String> scopes,
    boolean enabled,
    @Nullable URI jwksUri,
    boolean dpopRequired,
    Instant createdAt,
    Instant updatedAt) {

  public Principal {
    roles = Names.roles(roles);
    scopes = Names.scopes(scopes);
  }

  public boolean hasRole(String role) {
    return roles.contains(role);
  }

  /** This principal's attributes, to change in {@link KeyRegistry#updatePrincipal}. */
  public PrincipalSpec spec() {
    return new PrincipalSpec(name, roles, scopes, enabled, jwksUri, dpopRequired);
  }
}
