package dev.signet.server.keys;

import dev.signet.DecryptionKey;
import dev.signet.JweDecrypter;
import dev.signet.server.audit.AuditLog;
import dev.signet.server.storage.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The server's encryption keys ({@code use: enc}): published in the JWKS beside the signing keys,
 * private halves sealed in {@code server_keys} like theirs, rotated on the same schedule. Unlike a
 * signing key, a new encryption key enters the JWKS only when it takes over (after the
 * publish-ahead time, by when every instance has read it and can decrypt with it); the key it
 * replaces stays in the JWKS, and decrypting, for its retention (the JWKS's {@code max-age} and
 * more), during which a client may still encrypt to it. Clients encrypt to the newest published
 * key; every published or waiting key decrypts.
 *
 * {@snippet :
 * JweDecrypter decrypter = encryptionKeys.decrypter();   // reads the keys at each call
 * switch (decrypter.decrypt(body)) { … }
 * }
 *
 * <p>Thread-safe. {@link #close()} stops the background refresh.
 */
public final class EncryptionKeys extends ForwardingServerKeys<DecryptionKey> {

  private EncryptionKeys(RotatingKeys<DecryptionKey> keys) {
    super(keys);
  }

  /**
   * Opens the encryption keys; see {@link SigningKeys#open}. {@code policy}'s algorithm is a JWE
   * key-management algorithm ({@code RSA-OAEP-256}, {@code ECDH-ES}…).
   */
  public static EncryptionKeys open(Database database, MasterKey master, AuditLog audit, Clock clock, KeyRotation.Policy policy,
      Duration refresh) {
    return new EncryptionKeys(RotatingKeys.open(new KeyKind.Encryption(), database, master, audit, clock, policy, refresh));
  }

  /** Without a background thread: the caller runs {@link #tick()} (tests). */
  static EncryptionKeys openUnscheduled(Database database, MasterKey master, AuditLog audit, Clock clock, KeyRotation.Policy policy) {
    return new EncryptionKeys(RotatingKeys.open(new KeyKind.Encryption(), database, master, audit, clock, policy, null));
  }

  /** The private halves of every published key that opened on this instance. */
  public List<DecryptionKey> decryptionKeys() {
    return keys.usable();
  }

  /** A decrypter over {@link #decryptionKeys()}, read again at each call, with the default bounds. */
  public JweDecrypter decrypter() {
    return JweDecrypter.builder(this::decryptionKeys).build();
  }

  @Override
  public String toString() {
    return "EncryptionKeys[active=" + keys.activeKid() + "]";
  }
}
