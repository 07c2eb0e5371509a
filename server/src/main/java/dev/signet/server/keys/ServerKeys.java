package dev.signet.server.keys;

import dev.signet.server.audit.Actor;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The server's keys of one {@link KeyUse}, as operators and the JWKS see them: what the admin
 * routes and {@code signet admin signing-keys|encryption-keys} drive. Thread-safe.
 */
public interface ServerKeys {
  KeyUse use();

  /** The keys in the JWKS now, oldest activation first. */
  List<ServerKey> published();

  /** The published keys as a JWKS, and its entity tag. */
  JwksDocument jwks();

  /** The published key with this kid, compared ignoring case when no kid matches exactly. */
  Optional<ServerKey> published(String kid);

  /** Every stored key, published or not yet deleted, as the database has them now. */
  List<ServerKey> list();

  /**
   * A new key, published now, in use after the publish-ahead time.
   *
   * @param alg its algorithm (a JOSE name of this use), or null for the configured one
   * @throws ServerKeyException {@code CONFLICT} if a new key is waiting already
   * @throws dev.signet.UnusableKeyException if {@code alg} is no algorithm of this use
   */
  ServerKey rotateTo(@Nullable String alg, Actor actor);

  /**
   * Retires a key now; see {@link KeyRotation#retire}.
   *
   * @throws ServerKeyException {@code UNKNOWN_KEY} or {@code CONFLICT}
   */
  void retire(String kid, boolean compromised, Actor actor);
}
