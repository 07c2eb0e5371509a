package dev.signet.server.keys;

import dev.signet.Algorithm;
import dev.signet.VerificationKey;
import java.time.Instant;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One of the server's keys, public half only, with its life: published from {@code createdAt},
 * used (signing, for {@link KeyUse#SIG}) from {@code activatesAt} until {@code retiresAt},
 * published until {@code unpublishAt}. A null time has not been set yet: the key has no
 * successor and was not retired.
 *
 * @param kid the RFC 7638 SHA-256 thumbprint of the public key
 * @param alg the JOSE algorithm: a JWS one for {@link KeyUse#SIG}, a JWE key-management one for
 *     {@link KeyUse#ENC}
 * @param publicKey the public key with {@code kid}, pinned to {@code alg} when it is a JWS algorithm
 */
public record ServerKey(String kid, KeyUse use, String alg, VerificationKey publicKey, Instant createdAt,
    Instant activatesAt, @Nullable Instant retiresAt, @Nullable Instant unpublishAt) {

  /**
   * The JWS algorithm of a signing key.
   *
   * @throws IllegalStateException for an encryption key
   */
  public Algorithm algorithm() {
    return Algorithm.fromJoseName(alg).orElseThrow(() -> new IllegalStateException(use.code() + " key " + kid + " has no JWS algorithm"));
  }

  /** Where a key stands in its life at some instant. */
  public enum Status {
    /** Published, not used yet. */
    PENDING,
    /** The key in use (for signing keys: the one that signs). */
    ACTIVE,
    /** Not used any more; published until {@code unpublishAt}. */
    RETIRED;

    /** {@code pending}, {@code active} or {@code retired}. */
    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public Status status(Instant now) {
    if (retiresAt != null && !now.isBefore(retiresAt)) {
      return Status.RETIRED;
    }
    return now.isBefore(activatesAt) ? Status.PENDING : Status.ACTIVE;
  }

  /** Whether the key is in use at {@code now}. */
  public boolean activeAt(Instant now) {
    return status(now) == Status.ACTIVE;
  }

  /** Whether the key is in the JWKS at {@code now}. */
  public boolean publishedAt(Instant now) {
    return unpublishAt == null || now.isBefore(unpublishAt);
  }
}
