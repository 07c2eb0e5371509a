package dev.signet;

import java.time.Instant;

/**
 * Remembers the nonces ({@code nonce} or {@code jti}) of accepted request tokens for as long as
 * the token could still be accepted, so that each is accepted once. Nonces are per principal: the
 * same nonce from two principals is two different entries.
 *
 * <p>Implementations must be thread-safe and atomic: of concurrent calls with the same principal
 * and nonce, exactly one returns {@code true}. {@link #inMemory} is bounded; Signet's server adds a
 * Redis implementation shared by all instances.
 */
public interface ReplayStore {

  /**
   * Records {@code nonce} for {@code principal} until {@code expiresAt}, inclusive: the verifier
   * still accepts the token at that instant, so a call at {@code expiresAt} itself must still see
   * the nonce (Redis {@code PEXPIREAT expiresAt} behaves so; a cache that expires entries at the end
   * of their duration needs one more millisecond).
   *
   * @return {@code true} if it was not recorded before (first use), {@code false} for a replay
   * @throws ReplayStoreException if the store cannot record it; the caller must fail closed
   */
  boolean firstUse(String principal, String nonce, Instant expiresAt);

  /**
   * A bounded in-memory store. When it holds {@code maxEntries} live nonces it refuses new ones
   * with {@link ReplayStoreException} instead of forgetting live ones, so a flood fails closed.
   */
  static ReplayStore inMemory(int maxEntries, java.time.Clock clock) {
    return new dev.signet.internal.InMemoryReplayStore(maxEntries, clock);
  }
}
