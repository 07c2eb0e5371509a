package dev.signet;

import java.util.List;
import java.util.Optional;

/**
 * Where a {@link RequestTokenVerifier} finds the public keys of the principal a request token
 * names. Signet's server implements it over its key registry; {@link InMemoryPrincipalKeys} serves
 * tests and small embedded uses.
 *
 * <p>Implementations must be thread-safe.
 */
public interface PrincipalKeys {

  /**
   * The keys {@code principal} may sign with now: only enabled keys within their validity.
   *
   * @return empty when there is no such principal or it is disabled; an enabled principal without
   *     usable keys is an empty list
   * @throws KeySourceException when the keys cannot be looked up (database down)
   */
  Optional<List<VerificationKey>> keysOf(String principal);
}
