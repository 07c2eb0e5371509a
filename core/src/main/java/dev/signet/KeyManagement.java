package dev.signet;

import java.util.Optional;

/**
 * The JWE key-management algorithms ({@code alg}, RFC 7518 §4) Signet encrypts and decrypts with.
 * Deliberately absent: {@code RSA1_5} (a padding oracle by design), {@code RSA-OAEP} with SHA-1,
 * {@code PBES2-*} (password-based, with an attacker-chosen iteration count {@code p2c}),
 * {@code dir} and the AES key wraps (a shared symmetric key, which Signet never holds for a
 * foreign party), and {@code ECDH-1PU}. X25519 is not offered: Nimbus needs Tink for it, which
 * {@code signet-core} does not ship.
 */
public enum KeyManagement {
  /** RSAES-OAEP with SHA-256 and MGF1 with SHA-256 (RFC 7518 §4.3); RSA keys of 2048 bits or more. */
  RSA_OAEP_256("RSA-OAEP-256", KeyType.RSA),
  /** ECDH ephemeral-static key agreement, the agreed key used directly (RFC 7518 §4.6). */
  ECDH_ES("ECDH-ES", KeyType.EC),
  /** ECDH-ES, the agreed key wrapping the content key with AES-128 key wrap. */
  ECDH_ES_A128KW("ECDH-ES+A128KW", KeyType.EC),
  /** ECDH-ES, the agreed key wrapping the content key with AES-256 key wrap. */
  ECDH_ES_A256KW("ECDH-ES+A256KW", KeyType.EC);

  private final String joseName;
  private final KeyType keyType;

  KeyManagement(String joseName, KeyType keyType) {
    this.joseName = joseName;
    this.keyType = keyType;
  }

  /** The {@code alg} value, as RFC 7518 spells it. */
  public String joseName() {
    return joseName;
  }

  /** The type of key it works with (EC keys on P-256, P-384 or P-521). */
  public KeyType keyType() {
    return keyType;
  }

  /** The algorithm named exactly {@code name}; empty for every other name, refused ones included. */
  public static Optional<KeyManagement> fromJoseName(String name) {
    for (KeyManagement k : values()) {
      if (k.joseName.equals(name)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

  /** The default for a key type: {@code RSA-OAEP-256} for RSA, {@code ECDH-ES} for EC. */
  public static KeyManagement defaultFor(KeyType type) {
    return switch (type) {
      case RSA -> RSA_OAEP_256;
      case EC -> ECDH_ES;
      case OKP -> throw new UnusableKeyException("an OKP key cannot be encrypted to here (X25519 is not supported; Ed25519 only signs)");
    };
  }

  @Override
  public String toString() {
    return joseName;
  }
}
