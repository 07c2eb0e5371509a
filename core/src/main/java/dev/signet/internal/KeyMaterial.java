package dev.signet.internal;

import java.security.PrivateKey;
import java.security.PublicKey;
import org.jspecify.annotations.Nullable;

/**
 * A key as read from some format, before Signet's policy checks: the public half always, the
 * private half when the text held one, and whatever metadata the format carried.
 */
public record KeyMaterial(
    PublicKey publicKey,
    @Nullable PrivateKey privateKey,
    @Nullable String kid,
    @Nullable String alg,
    @Nullable String label) {

  public KeyMaterial withLabel(@Nullable String newLabel) {
    return new KeyMaterial(publicKey, privateKey, kid, alg, newLabel);
  }

  public boolean isPrivate() {
    return privateKey != null;
  }

  @Override
  public String toString() { // never the key material
    return "KeyMaterial[" + publicKey.getAlgorithm() + ", private=" + isPrivate() + ", kid=" + (kid == null ? null : SafeText.escape(kid, 64)) + "]";
  }
}
