package dev.signet;

/** The JWK key types ({@code kty}) Signet works with. */
public enum KeyType {
  /** RSA, 2048 bits or more. */
  RSA,
  /** Elliptic curve on P-256, P-384 or P-521. */
  EC,
  /** Octet key pair: Ed25519. */
  OKP
}
