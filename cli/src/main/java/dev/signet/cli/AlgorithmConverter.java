package dev.signet.cli;

import dev.signet.Algorithm;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --alg}: a JWS algorithm name in any case ({@code es256}, {@code EdDSA}). */
final class AlgorithmConverter implements ITypeConverter<Algorithm> {
  @Override
  public Algorithm convert(String value) {
    try {
      return Algorithm.parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
