package dev.signet;

import dev.signet.internal.SafeText;
import java.util.Objects;

/**
 * The outcome of verifying a token: {@link Valid} with the verified token, or {@link Invalid} with
 * a {@link Rejection} and a detail for the log. A rejected token is an expected outcome, so it is a
 * value, not an exception; failures of the system itself (key source or replay store down) throw
 * {@link UnavailableException}.
 *
 * {@snippet :
 * switch (verifier.verify(token)) {
 *   case Verification.Valid(VerifiedToken t) -> forward(t);
 *   case Verification.Invalid(Rejection reason, String detail) -> deny(reason, detail);
 * }
 * }
 */
public sealed interface Verification permits Verification.Valid, Verification.Invalid {

  /** Whether the token was accepted. */
  default boolean isValid() {
    return this instanceof Valid;
  }

  /** The token passed every check. */
  record Valid(VerifiedToken token) implements Verification {
    public Valid {
      Objects.requireNonNull(token, "token");
    }
  }

  /**
   * The token was refused. {@code detail} shows actual against expected values ("token expired at
   * … (now …, skew PT20S)") and never the token itself; it is for logs, not for clients.
   * Claims of a rejected token are deliberately not exposed.
   *
   * <p>The detail quotes values the token chose (a kid, a principal, an audience), so it is made
   * safe for a log line here, whoever builds it: control, format and line-separator characters
   * are escaped as &#92;uXXXX and it is cut to {@value #MAX_DETAIL_CHARS} characters
   * ({@link dev.signet.internal.SafeText}).
   */
  record Invalid(Rejection reason, String detail) implements Verification {
    /** The longest detail kept. */
    public static final int MAX_DETAIL_CHARS = 1024;

    public Invalid {
      Objects.requireNonNull(reason, "reason");
      detail = SafeText.escape(Objects.requireNonNull(detail, "detail"), MAX_DETAIL_CHARS);
    }
  }
}
