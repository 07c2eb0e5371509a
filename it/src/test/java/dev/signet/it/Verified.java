package dev.signet.it;

import dev.signet.Verification;
import dev.signet.VerifiedToken;

/** Unwraps a {@link Verification} that must be valid, failing with Signet's reason and detail otherwise. */
final class Verified {
  private Verified() {}

  static VerifiedToken valid(Verification verification) {
    return switch (verification) {
      case Verification.Valid(VerifiedToken token) -> token;
      case Verification.Invalid invalid -> throw new AssertionError("Signet refused the token: " + invalid.reason() + ": " + invalid.detail());
    };
  }
}
