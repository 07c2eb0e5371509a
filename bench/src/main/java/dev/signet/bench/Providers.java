package dev.signet.bench;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.security.Provider;
import java.security.Security;
import org.jspecify.annotations.Nullable;

/**
 * The JCA providers benchmarks run with: {@code jdk} (the JDK's defaults) or {@code accp} (Amazon
 * Corretto Crypto Provider, handed to Signet and to the raw baseline explicitly). ACCP is only
 * installed globally by {@link #installGlobally}, which peer benchmarks call inside their own
 * forked JVM when asked to.
 */
final class Providers {
  private Providers() {}

  /** The provider called {@code name}, or null for the JDK's defaults. */
  static @Nullable Provider named(String name) {
    return switch (name) {
      case "jdk" -> null;
      case "accp" -> accp();
      default -> throw new IllegalArgumentException("provider must be jdk or accp, not '" + name + "'");
    };
  }

  /** ACCP, after checking that its native library loaded and passed its self-tests. */
  static Provider accp() {
    AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
    Throwable error = accp.getLoadingError();
    if (error != null) {
      throw new IllegalStateException("ACCP did not load; refusing to report JDK numbers as ACCP ones", error);
    }
    accp.assertHealthy();
    return accp;
  }

  /** Installs ACCP first in this JVM's provider list, so that libraries without a provider option use it. */
  static void installGlobally() {
    Provider accp = accp();
    if (Security.getProvider(accp.getName()) == null) {
      Security.insertProviderAt(accp, 1);
    }
  }

  /** Undoes {@link #installGlobally} (matters only for a run without forks). */
  static void uninstallGlobally() {
    Security.removeProvider(accp().getName());
  }

  /** Fails when ACCP is installed globally in a JVM that is meant to measure the JDK's providers. */
  static void requireJdkDefaults() {
    if (Security.getProvider(AmazonCorrettoCryptoProvider.PROVIDER_NAME) != null) {
      throw new IllegalStateException("ACCP is installed globally in this JVM; run with forks (-f 1 or more)");
    }
  }
}
