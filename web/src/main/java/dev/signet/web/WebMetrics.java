package dev.signet.web;

import java.time.Duration;

/**
 * Where a {@link ResourceServer} reports what it decides. {@link MicrometerMetrics} records the
 * same meters as Signet's server; the default records nothing. Implementations must be
 * thread-safe and fast: they are called on every request.
 */
public interface WebMetrics {
  /** Records nothing. */
  WebMetrics NONE = new WebMetrics() {};

  /**
   * A caller was verified; {@code method} is {@code access-token}, {@code dpop} or
   * {@code request-token}.
   */
  default void accepted(String method) {}

  /**
   * A request was refused; {@code reason} is a {@link dev.signet.Rejection} name or one of
   * {@code NO_TOKEN}, {@code MALFORMED_REQUEST}, {@code MALFORMED_CREDENTIALS}, {@code UNKNOWN_ISSUER},
   * {@code DPOP_BOUND_AS_BEARER}, {@code DPOP_NOT_BOUND}, {@code DPOP_PROOF}, {@code REVOKED},
   * {@code INSUFFICIENT_SCOPE}, {@code BODY_TOO_LARGE}, {@code UNAVAILABLE}.
   */
  default void rejected(String reason) {}

  /** How long deciding about one request with a credential took. */
  default void verified(Duration elapsed) {}

  /** A bearer access token was found ({@code true}) or not in the verified-token cache. */
  default void cache(boolean hit) {}
}
