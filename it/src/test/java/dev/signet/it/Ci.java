package dev.signet.it;

import org.junit.jupiter.api.Assumptions;
import org.slf4j.LoggerFactory;

/** What a test does when a foreign tool it needs is missing: fail in CI, skip elsewhere. */
final class Ci {
  private Ci() {}

  static boolean isCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /** Fails (CI=true) or aborts the test as skipped, naming what is missing and how to provide it. */
  static RuntimeException unavailable(String message) {
    if (isCi()) {
      throw new IllegalStateException(message + " (CI=true: interop tests never skip; .ci/run installs the foreign tools)");
    }
    LoggerFactory.getLogger(Ci.class).warn("SKIPPED (set CI=true to fail instead): {}", message);
    Assumptions.abort(message);
    throw new AssertionError("unreachable");
  }
}
