package dev.signet;

import java.util.List;
import java.util.Objects;

/**
 * Every check a verifier made on one token, in order, and the result. The last check is the one
 * that failed when the token was rejected. For diagnostics (the CLI's {@code token verify
 * --explain}); servers use {@code verify}, which skips the bookkeeping.
 */
public record Explanation(Verification result, List<Check> checks) {
  public Explanation {
    Objects.requireNonNull(result, "result");
    checks = List.copyOf(checks);
  }
}
