package dev.signet;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.security.Provider;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Chooses the JCA provider for signatures: Amazon Corretto Crypto Provider (ACCP, native code from
 * AWS-LC, several times faster for RSA and EC) when it loads and passes its self-test on this
 * platform, otherwise the JDK's own providers.
 *
 * <p>ACCP is an optional dependency of {@code signet-core}: add
 * {@code software.amazon.cryptools:AmazonCorrettoCryptoProvider} (classifier {@code linux-x86_64}
 * or {@code linux-aarch_64}) to use it; without it {@link Choice#AUTO} picks the JDK's providers.
 *
 * <p>The provider is handed to Signet's verifiers and signers ({@code builder.provider(p)},
 * {@code TokenSigner.of(key, clock, p)}); it is never installed with {@code Security.addProvider},
 * so nothing else in the JVM changes behaviour.
 *
 * {@snippet :
 * Optional<Provider> provider = CryptoProviders.select(CryptoProviders.Choice.AUTO);
 * provider.ifPresent(builder::provider);
 * log.info("crypto provider: {}", CryptoProviders.describe(provider));
 * }
 */
public final class CryptoProviders {
  /** What the user asked for. */
  public enum Choice {
    /** The JDK's providers only. */
    JDK,
    /** ACCP, or fail when it does not load here. */
    ACCP,
    /** ACCP when it loads here, else the JDK's. */
    AUTO;

    /** {@code jdk}, {@code accp} or {@code auto}, in any case. @throws IllegalArgumentException for anything else */
    public static Choice parse(String name) {
      for (Choice c : values()) {
        if (c.name().equalsIgnoreCase(name.trim())) {
          return c;
        }
      }
      throw new IllegalArgumentException("crypto provider must be jdk, accp or auto, not '" + name + "'");
    }

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private CryptoProviders() {}

  /**
   * The provider to use for {@code choice}, or empty for the JDK's own.
   *
   * @throws IllegalStateException if {@code choice} is {@link Choice#ACCP} and ACCP does not load
   */
  public static Optional<Provider> select(Choice choice) {
    Objects.requireNonNull(choice, "choice");
    if (choice == Choice.JDK) {
      return Optional.empty();
    }
    Availability accp = accp();
    if (accp.provider() != null) {
      return Optional.of(accp.provider());
    }
    if (choice == Choice.ACCP) {
      throw new IllegalStateException("Amazon Corretto Crypto Provider is not available here: " + accp.problem());
    }
    return Optional.empty();
  }

  /**
   * What {@link #select} chose, for one log line: the provider's name and version, or
   * {@code JDK} and, when ACCP does not load here, why.
   */
  public static String describe(Optional<Provider> selected) {
    if (selected.isPresent()) {
      return selected.get().getName() + " " + selected.get().getVersionStr();
    }
    Availability accp = accp();
    return accp.provider() != null ? "JDK (as chosen)" : "JDK (Amazon Corretto Crypto Provider is not available here: " + accp.problem() + ")";
  }

  /** Whether ACCP loads and is healthy on this platform. */
  public static boolean accpAvailable() {
    return accp().provider() != null;
  }

  private record Availability(@Nullable Provider provider, String problem) {}

  private static Availability accp() {
    return AccpProbe.availability();
  }

  /**
   * ACCP's jar is signed: the first class read from it makes the JDK verify the jar's signature,
   * a large part of a short command's start. Only this class names ACCP, so that a command that
   * never asks for it (the JDK is the commands' default) never loads it.
   */
  private static final class AccpProbe {
    private AccpProbe() {}

    static Availability availability() {
      try {
        AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
        Throwable loadingError = accp.getLoadingError();
        if (loadingError != null) {
          return new Availability(null, describe(loadingError));
        }
        accp.assertHealthy();
        return new Availability(accp, "");
      } catch (LinkageError | RuntimeException e) { // not on the class path, no native library for this OS/CPU, or a failed self-test
        return new Availability(null, describe(e));
      }
    }
  }

  private static String describe(Throwable t) {
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
  }
}
