package dev.signet.server.keys;

import dev.signet.Algorithm;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One row of {@code server_keys} as stored: the times an operator or the schedule set, the public
 * JWK, and the sealed private key. {@link KeyTimeline} derives the rest.
 *
 * @param retiredAt when the key was retired by hand, if it was
 * @param unpublishAt when it was made to leave the JWKS at once (retired as compromised), if it was
 */
record StoredKey(String kid, KeyUse use, String alg, String publicJwk, String sealedPrivateKey,
    Instant createdAt, Instant activatesAt, @Nullable Instant retiredAt, @Nullable Instant unpublishAt,
    @Nullable String createdBy) {

  StoredKey(String kid, KeyUse use, Algorithm algorithm, String publicJwk, String sealedPrivateKey, Instant createdAt,
      Instant activatesAt, @Nullable Instant retiredAt, @Nullable Instant unpublishAt, @Nullable String createdBy) {
    this(kid, use, algorithm.name(), publicJwk, sealedPrivateKey, createdAt, activatesAt, retiredAt, unpublishAt, createdBy);
  }

  /** What the sealed private key is bound to: a ciphertext copied to another row does not open there. */
  byte[] sealingContext() {
    return ("signet server key|" + use.code() + "|" + kid + "|" + alg).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Override
  public String toString() { // never the sealed key
    return "StoredKey[kid=" + kid + ", use=" + use.code() + ", alg=" + alg + ", activatesAt=" + activatesAt + "]";
  }
}
