package dev.signet.testing;

import dev.signet.Algorithm;
import dev.signet.SigningKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signing keys for tests, generated once per JVM and cached (RSA generation is slow). Each
 * accessor with a name returns a different key for each name, so "alice" and "bob" never share
 * one. For a key nobody else has seen, use {@link #fresh(Algorithm)}.
 */
public final class TestKeys {
  private static final Map<String, SigningKey> CACHE = new ConcurrentHashMap<>();

  private TestKeys() {}

  /** An RSA 2048 key (RS256). */
  public static SigningKey rsa() {
    return of(Algorithm.RS256, "default");
  }

  /** An EC P-256 key (ES256). */
  public static SigningKey ec() {
    return of(Algorithm.ES256, "default");
  }

  /** An Ed25519 key (EdDSA). */
  public static SigningKey ed25519() {
    return of(Algorithm.EdDSA, "default");
  }

  /** The cached key for {@code algorithm}, pinned to it. */
  public static SigningKey of(Algorithm algorithm) {
    return of(algorithm, "default");
  }

  /** The cached key for {@code algorithm} and {@code name}: one per name, pinned to the algorithm. */
  public static SigningKey of(Algorithm algorithm, String name) {
    return CACHE.computeIfAbsent(algorithm + "/" + name, k -> fresh(algorithm));
  }

  /** A newly generated key, never cached. */
  public static SigningKey fresh(Algorithm algorithm) {
    return SigningKey.generate(algorithm);
  }
}
