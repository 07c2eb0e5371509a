package dev.signet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The trusted keys of a token issuer, for a {@link TokenVerifier}: a fixed set, a JWKS file, or a
 * remote JWKS endpoint ({@link RemoteJwks}, cached and refreshed).
 *
 * <p>Implementations must be thread-safe.
 */
public interface KeySource {

  /**
   * The keys that may have signed a token with this {@code kid}; every key when {@code kid} is
   * null. Empty when none is known.
   *
   * @throws KeySourceException when the keys cannot be had (endpoint down with nothing cached)
   */
  List<VerificationKey> keys(@Nullable String kid);

  /**
   * Why the source's key with this {@code kid} cannot be used, when it has one it skipped (a
   * remote JWKS key with its private part published, too weak, or meant for encryption): the
   * verifier says so instead of "no key with kid". Empty by default.
   */
  default Optional<String> whyUnusable(String kid) {
    return Optional.empty();
  }

  /** A fixed set of keys. */
  static KeySource of(VerificationKey... keys) {
    return of(List.of(keys));
  }

  /** A fixed set of keys. */
  static KeySource of(Collection<VerificationKey> keys) {
    List<VerificationKey> fixed = List.copyOf(keys);
    return new KeySource() {
      @Override
      public List<VerificationKey> keys(@Nullable String kid) {
        return kid == null ? fixed : fixed.stream().filter(k -> k.isNamedBy(kid)).toList();
      }

      @Override
      public String toString() {
        return "KeySource" + fixed.stream().map(VerificationKey::kid).toList();
      }
    };
  }

  /**
   * The keys of a JWKS (or single JWK or PEM) file, read once now.
   *
   * @throws UncheckedIOException if the file cannot be read
   * @throws UnusableKeyException if it holds no usable public key
   */
  static KeySource jwksFile(Path path) {
    Objects.requireNonNull(path, "path");
    try {
      return of(VerificationKey.parseAll(Files.readString(path)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read JWKS file " + path, e);
    }
  }

  /** A remote JWKS with {@link RemoteJwks}' defaults; close it when done with it. */
  static RemoteJwks jwks(URI uri) {
    return RemoteJwks.builder(uri).build();
  }
}
