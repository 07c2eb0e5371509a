package dev.signet;

import dev.signet.internal.SafeText;
import java.util.Objects;

/**
 * One check a verifier made, for {@link Explanation}s. Name and detail are made safe for a
 * terminal line when the check is made, whoever makes it: control, format and line-separator
 * characters are escaped as &#92;uXXXX and the detail is cut to
 * {@value Verification.Invalid#MAX_DETAIL_CHARS} characters ({@link dev.signet.internal.SafeText}).
 *
 * @param name what was checked: "size", "header", "algorithm", "signature", "expiry"…
 * @param passed whether it passed
 * @param detail the actual and expected values
 */
public record Check(String name, boolean passed, String detail) {
  private static final int MAX_NAME_CHARS = 64;

  public Check {
    name = SafeText.escape(Objects.requireNonNull(name, "name"), MAX_NAME_CHARS);
    detail = SafeText.escape(Objects.requireNonNull(detail, "detail"), Verification.Invalid.MAX_DETAIL_CHARS);
  }

  @Override
  public String toString() {
    return (passed ? "ok   " : "FAIL ") + name + ": " + detail;
  }
}
