package dev.signet.server.registry;

import dev.signet.Algorithm;
import dev.signet.KeyType;
import dev.signet.VerificationKey;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A public key registered for a principal.
 *
 * @param principal the owner
 * @param kid unique within the principal
 * @param thumbprint RFC 7638 SHA-256 thumbprint, base64url; unique across all principals
 * @param type {@code kty}
 * @param algorithm the algorithm the key is pinned to; {@code null} accepts every algorithm that
 *     fits the key ({@link VerificationKey#algorithms()})
 * @param label a human label (an OpenSSH comment), if any
 * @param publicJwk the public JWK as JSON, with {@code kid} (and {@code alg} when pinned)
 * @param createdAt when it was added
 * @param lastUsedAt when it last verified a request, to within a minute or so; {@code null} if never
 * @param notBefore not usable before this instant, if set
 * @param notAfter not usable from this instant on, if set
 * @param disabled a disabled key is kept but never used
 * @param enrollmentId the enrollment that added it, if one did
 */
public record RegisteredKey(
    String principal,
    String kid,
    String thumbprint,
    KeyType type,
    @Nullable Algorithm algorithm,
    @Nullable String label,
    String publicJwk,
    Instant createdAt,
    @Nullable Instant lastUsedAt,
    @Nullable Instant notBefore,
    @Nullable Instant notAfter,
    boolean disabled,
    @Nullable Long enrollmentId) {

  /** The key, parsed from {@link #publicJwk} with its label. */
  public VerificationKey verificationKey() {
    return VerificationKey.parse(publicJwk).withLabel(label);
  }

  /** The algorithm a client signs with by default: the pinned one, else the key's natural default. */
  public Algorithm defaultAlgorithm() {
    return algorithm != null ? algorithm : verificationKey().defaultAlgorithm();
  }

  /** Whether this key may verify a signature at {@code now}: not disabled, and within its validity. */
  public boolean usableAt(Instant now) {
    return !disabled
        && (notBefore == null || !now.isBefore(notBefore))
        && (notAfter == null || now.isBefore(notAfter));
  }
}
