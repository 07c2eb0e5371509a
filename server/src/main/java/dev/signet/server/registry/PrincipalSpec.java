package dev.signet.server.registry;

import java.net.URI;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a principal should be: the input of {@link KeyRegistry#createPrincipal} and of the change
 * function of {@link KeyRegistry#updatePrincipal}. Validated when constructed, so an instance always
 * obeys the registry's rules (names: 1-64 of {@code [A-Za-z0-9._@-]}).
 *
 * @param name the principal's name; unique, also regardless of case
 * @param roles e.g. {@code admin}; each 1-64 of {@code [A-Za-z0-9._:-]}, at most 32
 * @param scopes the scopes it may be granted; RFC 6749 scope tokens, at most 50
 * @param enabled a disabled principal cannot authenticate
 * @param jwksUri where the principal publishes its keys, if it does
 * @param dpopRequired its access tokens are issued only DPoP-bound (RFC 9449 §5.2 {@code dpop_bound_access_tokens})
 *
 * <p>Constructing one that breaks a rule throws {@link RegistryException} with an {@code INVALID_*} reason.
 */
public record PrincipalSpec(
    String name, Set<String> roles, Set<String> scopes, boolean enabled, @Nullable URI jwksUri, boolean dpopRequired) {

  public PrincipalSpec {
    name = Names.principal(name);
    roles = Names.roles(roles);
    scopes = Names.scopes(scopes);
    jwksUri = Names.jwksUri(jwksUri);
  }

  /** An enabled principal without roles or scopes. */
  public static PrincipalSpec named(String name) {
    return new PrincipalSpec(name, Set.of(), Set.of(), true, null, false);
  }

  public PrincipalSpec withRoles(Collection<String> newRoles) {
    return new PrincipalSpec(name, new LinkedHashSet<>(newRoles), scopes, enabled, jwksUri, dpopRequired); // nulls reach Names' message
  }

  public PrincipalSpec withScopes(Collection<String> newScopes) {
    return new PrincipalSpec(name, roles, new LinkedHashSet<>(newScopes), enabled, jwksUri, dpopRequired);
  }

  public PrincipalSpec withEnabled(boolean newEnabled) {
    return new PrincipalSpec(name, roles, scopes, newEnabled, jwksUri, dpopRequired);
  }

  public PrincipalSpec withJwksUri(@Nullable URI newJwksUri) {
    return new PrincipalSpec(name, roles, scopes, enabled, newJwksUri, dpopRequired);
  }

  public PrincipalSpec withDpopRequired(boolean required) {
    return new PrincipalSpec(name, roles, scopes, enabled, jwksUri, required);
  }
}
