package dev.signet.server.registry;

import dev.signet.VerificationKey;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A key to add to a principal: the parsed key (its {@code kid}, pinned algorithm and label are
 * kept), an optional validity window, and the enrollment that brought it, if any.
 */
public record KeyRegistration(
    VerificationKey key, @Nullable Instant notBefore, @Nullable Instant notAfter, @Nullable Long enrollmentId) {

  public KeyRegistration {
    Objects.requireNonNull(key, "key");
  }

  /** The key, valid from now on. */
  public static KeyRegistration of(VerificationKey key) {
    return new KeyRegistration(key, null, null, null);
  }

  /** This key, usable only from {@code from} (inclusive) to {@code until} (exclusive); either may be null. */
  public KeyRegistration withValidity(@Nullable Instant from, @Nullable Instant until) {
    return new KeyRegistration(key, from, until, enrollmentId);
  }

  public KeyRegistration fromEnrollment(long id) {
    return new KeyRegistration(key, notBefore, notAfter, id);
  }
}
