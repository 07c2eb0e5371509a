package dev.signet.cli;

import dev.signet.Check;
import dev.signet.Explanation;
import dev.signet.Rejection;
import dev.signet.Verification;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One row of {@code token verify --explain}: a check by its name ({@code time}, not the
 * {@code EXPIRED} the verifier records for the failing one), its outcome and detail. The replay
 * check is shown as not made: offline, every nonce is new to this process, and only the server
 * remembers the ones it has seen.
 *
 * @param passed true or false, null when the check was not made
 * @param reason the rejection, on the failing row only
 */
record ExplainedCheck(String name, @Nullable Boolean passed, @Nullable Rejection reason, String detail) {
  static final String REPLAY_OFFLINE = "not checked offline: only the server remembers the nonces it has seen";

  String status() {
    return passed == null ? "skip" : passed ? "ok" : "FAIL";
  }

  /** The rows of an explanation, the failing check (if any) last. */
  static List<ExplainedCheck> of(Explanation explanation) {
    List<ExplainedCheck> rows = new ArrayList<>();
    List<Check> checks = explanation.checks();
    for (Check check : checks) {
      if (check.passed() && check.name().equals("replay")) {
        rows.add(new ExplainedCheck("replay", null, null, REPLAY_OFFLINE));
      } else if (check.passed()) {
        rows.add(new ExplainedCheck(check.name(), true, null, check.detail()));
      } else if (explanation.result() instanceof Verification.Invalid(Rejection reason, String detail)) {
        String previous = rows.isEmpty() ? "" : rows.getLast().name();
        rows.add(new ExplainedCheck(nameOf(reason, previous), false, reason, detail));
      }
    }
    return rows;
  }

  /** The check a rejection comes from; a malformed token fails on its format, or on a claim once the header has passed. */
  private static String nameOf(Rejection reason, String previous) {
    return switch (reason) {
      case TOO_LARGE -> "size";
      case MALFORMED -> previous.isEmpty() || previous.equals("size") ? "format" : "claims";
      case UNSUPPORTED_ALGORITHM -> "alg";
      case UNKNOWN_CRITICAL_HEADER -> "crit";
      case WRONG_TYPE -> "typ";
      case MISSING_CLAIM -> "claims";
      case UNKNOWN_PRINCIPAL -> "principal keys";
      case UNKNOWN_KEY -> "key";
      case BAD_SIGNATURE -> "signature";
      case EXPIRED, NOT_YET_VALID, LIFETIME_TOO_LONG -> "time";
      case WRONG_ISSUER -> "issuer";
      case WRONG_AUDIENCE -> "audience";
      case BINDING_MISMATCH -> "binding";
      case REPLAYED -> "replay";
      case INSUFFICIENT_SCOPE -> "scope";
    };
  }
}
