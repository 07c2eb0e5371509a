package dev.signet.internal;

import dev.signet.Explanation;
import dev.signet.VerifiedToken;
import dev.signet.Verification;
import java.util.function.Function;

/**
 * Runs a verifier's checks, which stop at the first failure by throwing {@link Reject}, and turns
 * the outcome into the public result: a {@link Verification}, or with every check recorded an
 * {@link Explanation}.
 */
public final class Pipeline {
  private Pipeline() {}

  public static Verification verify(Function<Trace, VerifiedToken> checks) {
    try {
      return new Verification.Valid(checks.apply(Trace.NONE));
    } catch (Reject r) {
      return new Verification.Invalid(r.rejection(), r.detail());
    }
  }

  public static Explanation explain(Function<Trace, VerifiedToken> checks) {
    Trace.Recording trace = Trace.recording();
    try {
      return new Explanation(new Verification.Valid(checks.apply(trace)), trace.checks());
    } catch (Reject r) {
      trace.fail(r.rejection().name(), r.detail());
      return new Explanation(new Verification.Invalid(r.rejection(), r.detail()), trace.checks());
    }
  }
}
