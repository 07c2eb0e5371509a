package dev.signet.server.keys;

import com.google.crypto.tink.AccessesPartialKey;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.aead.KmsEnvelopeAead;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.util.SecretBytes;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The key-encryption key that seals the server's private keys (envelope encryption, with Tink):
 * each {@link #seal} draws a fresh AES-256-GCM data key, encrypts the plaintext with it, and
 * stores the data key wrapped by the master key in front of the ciphertext
 * ({@link KmsEnvelopeAead}, with the master key as the "remote" AEAD). The associated data binds
 * a sealed key to its row, so that a ciphertext moved to another row does not open.
 *
 * <p>Two text forms are read: 32 random bytes in base64 ({@code openssl rand -base64 32}), an
 * AES-256-GCM key, the form Signet generates; or a Tink AEAD keyset in JSON (cleartext, as
 * {@code tinkey create-keyset --key-template AES256_GCM} writes it), whose keys can be rotated
 * with {@code tinkey}: data keys wrapped by an older key of the keyset still open.
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows no key material.
 */
public final class MasterKey {
  private static final int RAW_KEY_BYTES = 32;

  static {
    try {
      AeadConfig.register(); // the envelope's data keys are made through Tink's registry
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Aead envelope;
  private final String form;

  private MasterKey(Aead keyEncryptionKey, String form) {
    try {
      this.envelope = KmsEnvelopeAead.create(PredefinedAeadParameters.AES256_GCM, keyEncryptionKey);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Tink cannot make an AES-256-GCM envelope", e);
    }
    this.form = form;
  }

  /** A new random master key in the text form {@link #parse} reads: 32 random bytes in base64. */
  static String generateEncoded() {
    return Base64.getEncoder().encodeToString(SecretBytes.randomBytes(RAW_KEY_BYTES).toByteArray(InsecureSecretKeyAccess.get()));
  }

  /**
   * Reads a master key from its text form (surrounding white space ignored).
   *
   * @throws IllegalArgumentException saying which forms are accepted, never quoting the text
   */
  public static MasterKey parse(String text) {
    Objects.requireNonNull(text, "text");
    String t = text.strip();
    try {
      if (t.startsWith("{")) {
        KeysetHandle keyset = TinkJsonProtoKeysetFormat.parseKeyset(t, InsecureSecretKeyAccess.get());
        return new MasterKey(keyset.getPrimitive(RegistryConfiguration.get(), Aead.class), "Tink keyset");
      }
      byte[] raw = decodeBase64(t);
      if (raw == null || raw.length != RAW_KEY_BYTES) {
        throw new IllegalArgumentException(
            "not a master key: expected 32 random bytes in base64 (openssl rand -base64 32) or a Tink AEAD keyset in JSON"
                + (raw == null ? "" : "; this is base64 of " + raw.length + " bytes"));
      }
      KeysetHandle keyset = KeysetHandle.newBuilder().addEntry(KeysetHandle.importKey(aesGcm(raw)).withRandomId().makePrimary()).build();
      return new MasterKey(keyset.getPrimitive(RegistryConfiguration.get(), Aead.class), "AES-256-GCM key");
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not a usable master key: " + e.getMessage(), e);
    }
  }

  /** Raw bytes as a Tink key: output without Tink's 5-byte key prefix, as the key has no keyset of its own. */
  @AccessesPartialKey
  private static AesGcmKey aesGcm(byte[] raw) throws GeneralSecurityException {
    return AesGcmKey.builder()
        .setParameters(AesGcmParameters.builder().setKeySizeBytes(RAW_KEY_BYTES).setIvSizeBytes(12).setTagSizeBytes(16)
            .setVariant(AesGcmParameters.Variant.NO_PREFIX).build())
        .setKeyBytes(SecretBytes.copyFrom(raw, InsecureSecretKeyAccess.get()))
        .build();
  }

  private static byte @Nullable [] decodeBase64(String text) {
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      try {
        return Base64.getUrlDecoder().decode(text);
      } catch (IllegalArgumentException again) {
        return null;
      }
    }
  }

  /** {@code plaintext} sealed under a fresh data key; {@code context} must be given again to {@link #open}. */
  byte[] seal(byte[] plaintext, byte[] context) {
    try {
      return envelope.encrypt(plaintext, context);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("sealing failed", e);
    }
  }

  /**
   * The plaintext of {@link #seal}.
   *
   * @throws GeneralSecurityException if this is another master key, the context differs, or the
   *     ciphertext was changed
   */
  byte[] open(byte[] sealed, byte[] context) throws GeneralSecurityException {
    return envelope.decrypt(sealed, context);
  }

  @Override
  public String toString() {
    return "MasterKey[" + form + "]";
  }
}
