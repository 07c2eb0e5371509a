package dev.signet.cli;

import ch.qos.logback.classic.Level;
import dev.signet.CryptoProviders;
import dev.signet.CryptoProviders.Choice;
import java.security.Provider;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code --crypto-provider jdk|accp|auto}, for every command that signs or verifies. */
final class CryptoOption {
  // jdk by default: a command makes one or two signatures, and loading ACCP (its native library,
  // its self-tests) costs more than it saves there; a server's default is auto
  @Option(names = "--crypto-provider", paramLabel = "jdk|accp|auto", defaultValue = "jdk",
      converter = ChoiceConverter.class,
      description = "JCA provider for signatures: jdk, accp (Amazon Corretto Crypto Provider), "
          + "or auto: ACCP when it loads on this platform, else the JDK's (default: ${DEFAULT-VALUE}).")
  Choice choice = Choice.JDK;

  /** The provider to hand to core, empty for the JDK's. */
  Optional<Provider> provider() {
    try {
      Optional<Provider> provider = CryptoProviders.select(choice);
      if (LogSetup.mayLog(Level.INFO)) { // else no logger: Logback would start only to drop the line
        Logger log = LoggerFactory.getLogger(CryptoOption.class);
        if (log.isInfoEnabled()) { // describing the JDK choice loads ACCP to say whether it would have loaded
          log.info("crypto provider: {}", CryptoProviders.describe(provider));
        }
      }
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
