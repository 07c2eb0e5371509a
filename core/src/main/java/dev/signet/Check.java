package dev.signet;

import java.util.Objects;

/**
 * One check a verifier made, for {@link Explanation}s.
 *
 * @param name what was checked: "size", "header", "algorithm", "signature", "expiry"…
 * @param passed whether it passed
 * @param detail the actual and expected values
 */
public record Check(String name, boolean passed, String detail) {
  public Check {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(detail, "detail");
  }

  @Override
  public String toString() {
    return (passed ? "ok   " : "FAIL ") + name + ": " + detail;
  }
}
