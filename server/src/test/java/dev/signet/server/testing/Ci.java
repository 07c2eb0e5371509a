package dev.signet.server.testing;

import org.junit.jupiter.api.Assumptions;
import org.slf4j.LoggerFactory;

/** What a test does when a service it needs cannot be had: fail in CI, skip elsewhere. */
final class Ci {
  private Ci() {}

  static boolean isCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /** Fails (CI=true) or aborts the test as skipped, naming what is missing and how to provide it. */
  static RuntimeException unavailable(String message, Throwable cause) {
    if (isCi()) {
      throw new IllegalStateException(message + " (CI=true: tests never skip)", cause);
    }
    LoggerFactory.getLogger(Ci.class).warn("SKIPPED (set CI=true to fail instead): {}: {}", message, cause.toString());
    Assumptions.abort(message + ": " + cause);
    throw new AssertionError("unreachable");
  }
}
