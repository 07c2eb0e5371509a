package dev.signet;

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
   */
  record Invalid(Rejection reason, String detail) implements Verification {
    public Invalid {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }
  }
}
