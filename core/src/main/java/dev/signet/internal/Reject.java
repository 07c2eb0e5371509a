package dev.signet.internal;

import dev.signet.Rejection;

/**
 * Thrown inside a verification pipeline to stop at the first failed check; the public verifiers
 * catch it and return {@code Verification.Invalid}. It never escapes this module, and has no stack
 * trace, so a flood of bad tokens costs no stack walking.
 */
public final class Reject extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final Rejection rejection;
  private final String detail;

  public Reject(Rejection rejection, String detail) {
    super(detail, null, false, false);
    this.rejection = rejection;
    this.detail = detail;
  }

  public Rejection rejection() {
    return rejection;
  }

  public String detail() {
    return detail;
  }
}
