package dev.signet.cli;

import dev.signet.CryptoProviders;
import dev.signet.CryptoProviders.Choice;
import java.security.Provider;
import java.util.Optional;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code --crypto-provider jdk|accp|auto}, for every command that signs or verifies. */
final class CryptoOption {
  @Option(names = "--crypto-provider", paramLabel = "jdk|accp|auto", defaultValue = "auto",
      converter = ChoiceConverter.class,
      description = "JCA provider for signatures: accp (Amazon Corretto Crypto Provider), jdk, "
          + "or auto: ACCP when it loads on this platform, else the JDK's (default: ${DEFAULT-VALUE}).")
  Choice choice = Choice.AUTO;

  /** The provider to hand to core, empty for the JDK's. */
  Optional<Provider> provider() {
    try {
      Optional<Provider> provider = CryptoProviders.select(choice);
      LoggerFactory.getLogger(CryptoOption.class).info("crypto provider: {}", CryptoProviders.describe(provider));
      return provider;
    } catch (IllegalStateException e) {
      throw CliError.failure(e.getMessage(), e);
    }
  }

  static final class ChoiceConverter implements ITypeConverter<Choice> {
    @Override
    public Choice convert(String value) {
      try {
        return Choice.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
