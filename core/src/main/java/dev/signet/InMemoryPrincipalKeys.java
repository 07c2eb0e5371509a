package dev.signet;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Principals and their public keys held in memory: for tests, and for services with a handful
 * of fixed clients. Thread-safe; changes are visible to verifiers at once.
 *
 * {@snippet :
 * InMemoryPrincipalKeys keys = new InMemoryPrincipalKeys().add("alice", VerificationKey.parse(pem));
 * }
 */
public final class InMemoryPrincipalKeys implements PrincipalKeys {
  private final Map<String, List<VerificationKey>> keys = new ConcurrentHashMap<>();
  private final Map<String, Boolean> disabled = new ConcurrentHashMap<>();

  /** An empty set of principals. */
  public InMemoryPrincipalKeys() {}

  /** Adds a key to {@code principal}, creating the principal if needed. */
  public InMemoryPrincipalKeys add(String principal, VerificationKey key) {
    Objects.requireNonNull(key, "key");
    keys.merge(Objects.requireNonNull(principal, "principal"), List.of(key),
        (old, added) -> java.util.stream.Stream.concat(old.stream(), added.stream()).toList());
    return this;
  }

  /** Removes the key with {@code kid} from {@code principal}. */
  public InMemoryPrincipalKeys remove(String principal, String kid) {
    keys.computeIfPresent(principal, (p, list) -> list.stream().filter(k -> !k.kid().equals(kid)).toList());
    return this;
  }

  /** Disables or re-enables a principal; a disabled one has no keys as far as verifiers know. */
  public InMemoryPrincipalKeys enabled(String principal, boolean enabled) {
    if (enabled) {
      disabled.remove(principal);
    } else {
      disabled.put(principal, true);
    }
    return this;
  }

  @Override
  public Optional<List<VerificationKey>> keysOf(String principal) {
    if (disabled.containsKey(principal)) {
      return Optional.empty();
    }
    return Optional.ofNullable(keys.get(principal));
  }

  @Override
  public String toString() {
    return "InMemoryPrincipalKeys" + keys.keySet();
  }
}
