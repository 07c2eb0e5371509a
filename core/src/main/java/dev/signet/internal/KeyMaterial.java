package dev.signet.internal;

import java.security.PrivateKey;
import java.security.PublicKey;
import org.jspecify.annotations.Nullable;

/**
 * A key as read from some format, before Signet's policy checks: the public half always, the
 * private half when the text held one, and whatever metadata the format carried. {@code paired}
 * says that the reader already proved the halves a pair (a signature by the private key that the
 * public key verifies), so that {@link KeyPolicy#checkPair} need not run again.
 */
public record KeyMaterial(
    PublicKey publicKey,
    @Nullable PrivateKey privateKey,
    @Nullable String kid,
    @Nullable String alg,
    @Nullable String label,
    boolean paired) {

  public KeyMaterial(
      PublicKey publicKey, @Nullable PrivateKey privateKey, @Nullable String kid, @Nullable String alg, @Nullable String label) {
    this(publicKey, privateKey, kid, alg, label, false);
  }

  public KeyMaterial withLabel(@Nullable String newLabel) {
    return new KeyMaterial(publicKey, privateKey, kid, alg, newLabel, paired);
  }

  public boolean isPrivate() {
    return privateKey != null;
  }

  @Override
  public String toString() { // never the key material
    return "KeyMaterial[" + publicKey.getAlgorithm() + ", private=" + isPrivate() + ", kid=" + (kid == null ? null : SafeText.escape(kid, 64)) + "]";
  }
}
