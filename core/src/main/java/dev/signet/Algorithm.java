package dev.signet;

import dev.signet.internal.SafeText;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The JWS algorithms Signet signs and verifies with. HMAC and {@code none} are deliberately
 * absent: Signet never accepts a token that a shared secret, or nothing, could have produced.
 *
 * <p>{@link #Ed25519} is the fully-specified name of RFC 9864 and means the same signature as
 * {@link #EdDSA} over an Ed25519 key; verifiers accept both names.
 */
public enum Algorithm {
  RS256(KeyType.RSA, null),
  RS384(KeyType.RSA, null),
  RS512(KeyType.RSA, null),
  PS256(KeyType.RSA, null),
  PS384(KeyType.RSA, null),
  PS512(KeyType.RSA, null),
  ES256(KeyType.EC, "P-256"),
  ES384(KeyType.EC, "P-384"),
  ES512(KeyType.EC, "P-521"),
  EdDSA(KeyType.OKP, "Ed25519"),
  Ed25519(KeyType.OKP, "Ed25519");

  private final KeyType keyType;
  private final @Nullable String curve;

  Algorithm(KeyType keyType, @Nullable String curve) {
    this.keyType = keyType;
    this.curve = curve;
  }

  /** The type of key this algorithm signs with. */
  public KeyType keyType() {
    return keyType;
  }

  /** The curve this algorithm is defined on ({@code P-256}, {@code Ed25519}…), empty for RSA. */
  public Optional<String> curve() {
    return Optional.ofNullable(curve);
  }

  /**
   * The algorithm named by a JOSE {@code alg} value, exactly as RFC 7518 spells it.
   *
   * @return empty for unknown names, for {@code none} in any spelling and for HMAC
   */
  public static Optional<Algorithm> fromJoseName(String name) {
    for (Algorithm a : values()) {
      if (a.name().equals(name)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /**
   * The algorithm for a user-typed name: case-insensitive, so {@code es256} and {@code eddsa} work.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static Algorithm parse(String name) {
    for (Algorithm a : values()) {
      if (a.name().equalsIgnoreCase(name.trim())) {
        return a;
      }
    }
    throw new IllegalArgumentException(
        "unknown algorithm: '" + SafeText.escape(name, 64) + "' (expected one of " + java.util.Arrays.toString(values()) + ")");
  }

  @Override
  public String toString() {
    return name();
  }

  String lowerName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
