package dev.signet.cli;

import dev.signet.Algorithm;
import dev.signet.KeyType;
import dev.signet.SigningKey;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --type}, {@code --bits} and {@code --curve}: the kind of key to generate, for
 * {@code keygen} and {@code enroll}. EC P-256 unless the options (or an algorithm) say otherwise.
 */
final class KeyShape {
  @Option(names = "--type", paramLabel = "rsa|ec|ed25519", converter = KeyTypeConverter.class,
      description = "Key type (default: ec, or what --bits or --curve imply).")
  @Nullable KeyType type;

  @Option(names = "--bits", paramLabel = "2048|3072|4096", description = "RSA key size (default: 2048).")
  @Nullable Integer bits;

  @Option(names = "--curve", paramLabel = "P-256|P-384|P-521", description = "EC curve (default: P-256).")
  @Nullable String curve;

  boolean given() {
    return type != null || bits != null || curve != null;
  }

  /** The type asked for; {@code algorithm}, when given, implies one and must agree with the options. */
  KeyType keyType(@Nullable Algorithm algorithm) {
    KeyType implied = algorithm != null ? algorithm.keyType() : bits != null ? KeyType.RSA : curve != null ? KeyType.EC : null;
    KeyType chosen = type != null ? type : implied != null ? implied : KeyType.EC;
    if (algorithm != null) {
      Usage.check(algorithm.keyType() == chosen,
          "--alg " + algorithm + " needs " + name(algorithm.keyType()) + " key, not " + name(chosen) + " key");
    }
    Usage.check(bits == null || chosen == KeyType.RSA, "--bits is for RSA keys; this is " + name(chosen) + " key");
    Usage.check(curve == null || chosen == KeyType.EC, "--curve is for EC keys; this is " + name(chosen) + " key");
    return chosen;
  }

  /** A new key of {@link #keyType}; a size or curve the core refuses is a usage error with its message. */
  SigningKey generate(KeyType keyType, @Nullable Algorithm algorithm) {
    try {
      return switch (keyType) {
        case RSA -> SigningKey.generateRsa(bits != null ? bits : 2048);
        case EC -> SigningKey.generateEc(curve(algorithm));
        case OKP -> SigningKey.generateEd25519();
      };
    } catch (IllegalArgumentException e) { // the core's message: RSA under 2048, unknown curve…
      throw CliError.usage(e.getMessage(), e);
    }
  }

  /** "RSA 2048", "EC P-256" or "Ed25519": what {@link #generate} makes, to compare with an existing key. */
  String description(KeyType keyType) {
    return switch (keyType) {
      case RSA -> "RSA " + (bits != null ? bits : 2048);
      case EC -> "EC " + curve(null);
      case OKP -> "Ed25519";
    };
  }

  private String curve(@Nullable Algorithm alg) {
    String wanted = curve != null ? curve.toUpperCase(Locale.ROOT) : null;
    String ofAlgorithm = alg != null ? alg.curve().orElseThrow() : null;
    if (wanted != null && ofAlgorithm != null) {
      Usage.check(wanted.equals(ofAlgorithm), "--alg " + alg + " needs curve " + ofAlgorithm + ", not " + wanted);
    }
    return wanted != null ? wanted : ofAlgorithm != null ? ofAlgorithm : "P-256";
  }

  static String name(KeyType type) {
    return switch (type) {
      case RSA -> "an RSA";
      case EC -> "an EC";
      case OKP -> "an Ed25519";
    };
  }

  static final class KeyTypeConverter implements ITypeConverter<KeyType> {
    @Override
    public KeyType convert(String value) {
      return switch (value.strip().toLowerCase(Locale.ROOT)) {
        case "rsa" -> KeyType.RSA;
        case "ec" -> KeyType.EC;
        case "ed25519", "okp" -> KeyType.OKP;
        default -> throw new TypeConversionException("key type must be rsa, ec or ed25519, not '" + value + "'");
      };
    }
  }
}
