package dev.signet.server.keys;

import dev.signet.server.audit.Actor;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@link ServerKeys} answered by the {@link RotatingKeys} of one use: what {@link SigningKeys} and
 * {@link EncryptionKeys} share, so that each adds only what its use does with the keys.
 */
abstract sealed class ForwardingServerKeys<K> implements ServerKeys, AutoCloseable permits SigningKeys, EncryptionKeys {
  final RotatingKeys<K> keys;

  ForwardingServerKeys(RotatingKeys<K> keys) {
    this.keys = keys;
  }

  @Override
  public final KeyUse use() {
    return keys.use();
  }

  @Override
  public final List<ServerKey> published() {
    return keys.published();
  }

  @Override
  public final JwksDocument jwks() {
    return keys.jwks();
  }

  @Override
  public final Optional<ServerKey> published(String kid) {
    return keys.published(kid);
  }

  @Override
  public final List<ServerKey> list() {
    return keys.list();
  }

  @Override
  public final ServerKey rotateTo(@Nullable String alg, Actor actor) {
    return keys.rotateTo(alg, actor);
  }

  @Override
  public final void retire(String kid, boolean compromised, Actor actor) {
    keys.retire(kid, compromised, actor);
  }

  /** The background step: the scheduled rotation, removal of unpublished keys, and a refresh. */
  final void tick() {
    keys.tick();
  }

  /** Stops the background refresh. */
  @Override
  public final void close() {
    keys.close();
  }
}
