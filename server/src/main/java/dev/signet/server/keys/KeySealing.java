package dev.signet.server.keys;

import dev.signet.UnusableKeyException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;

/**
 * Private keys in and out of their sealed form: PEM PKCS#8, sealed by the {@link MasterKey} with
 * the row's kid, use and algorithm as associated data, in base64. Opening checks that what comes
 * out is the private half of the row's public key, so a wrong master key, a changed row or a
 * ciphertext moved between rows never yields a key to sign or decrypt with.
 */
final class KeySealing {
  private final MasterKey master;

  KeySealing(MasterKey master) {
    this.master = master;
  }

  <K> String seal(KeyKind<K> kind, K key, byte[] context) {
    byte[] pem = kind.pem(key).getBytes(StandardCharsets.US_ASCII);
    try {
      return Base64.getEncoder().encodeToString(master.seal(pem, context));
    } finally {
      Arrays.fill(pem, (byte) 0);
    }
  }

  /**
   * The row's private key, pinned to its algorithm.
   *
   * @throws SealedKeyException if it does not open with this master key, or is not the row's key
   */
  <K> K open(KeyKind<K> kind, StoredKey row) {
    byte[] pem;
    try {
      pem = master.open(Base64.getDecoder().decode(row.sealedPrivateKey()), row.sealingContext());
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new SealedKeyException("the master key (" + master + ") does not open the private key of server key "
          + row.kid() + ": it is not the master key that sealed it, or the row was changed", e);
    }
    try {
      K key = kind.read(new String(pem, StandardCharsets.US_ASCII), row.alg());
      if (!kind.publicKey(key).thumbprint().equals(row.kid())) {
        throw new SealedKeyException("the sealed private key of server key " + row.kid() + " belongs to another public key", null);
      }
      return key;
    } catch (UnusableKeyException e) {
      throw new SealedKeyException("the sealed private key of server key " + row.kid() + " is not usable: " + e.getMessage(), e);
    } finally {
      Arrays.fill(pem, (byte) 0);
    }
  }

  /** A stored private key that cannot be used: never signed or decrypted with. */
  static final class SealedKeyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SealedKeyException(String message, @org.jspecify.annotations.Nullable Throwable cause) {
      super(message, cause);
    }
  }
}
