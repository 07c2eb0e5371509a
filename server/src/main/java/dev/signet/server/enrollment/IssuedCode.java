package dev.signet.server.enrollment;

import java.util.Objects;

/**
 * A freshly issued enrollment code: the only moment the code exists outside its holder's hands.
 * Show it once to whoever should enroll; the server keeps only its SHA-256 hash.
 * {@link #toString()} does not show it.
 *
 * @param code the one-time code: 192 random bits, base64url (32 characters)
 * @param enrollment the stored record
 */
public record IssuedCode(String code, Enrollment enrollment) {
  public IssuedCode {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(enrollment, "enrollment");
  }

  @Override
  public String toString() { // never the code: it would end up in logs
    return "IssuedCode[enrollment=" + enrollment.id() + ", principal=" + enrollment.principal()
        + ", expiresAt=" + enrollment.expiresAt() + "]";
  }
}
