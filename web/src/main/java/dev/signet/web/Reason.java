package dev.signet.web;

import dev.signet.Rejection;

/**
 * Why a request was refused, for the log line and the {@code reason} tag of
 * {@code signet.auth.rejections}: a core {@link Rejection} name, or one of these. Never sent to
 * the client.
 */
enum Reason {
  /** No {@code Authorization} header, or one in a scheme this route does not take. */
  NO_TOKEN,
  /** Two {@code Authorization} (or two {@code DPoP}) headers, or a path that is not canonical: 400. */
  MALFORMED_REQUEST,
  /** {@code Authorization} holds something other than one compact JWS after the scheme. */
  MALFORMED_CREDENTIALS,
  /** The access token's {@code iss} is none of the trusted issuers (nothing is fetched for it). */
  UNKNOWN_ISSUER,
  /** A DPoP-bound access token ({@code cnf.jkt}) sent as a bearer token (RFC 9449 §7.2). */
  DPOP_BOUND_AS_BEARER,
  /** The {@code DPoP} scheme with a token that is not DPoP-bound, or without a proof. */
  DPOP_NOT_BOUND,
  /** The DPoP proof failed: malformed, wrong key, htm/htu/ath, too old, replayed… */
  DPOP_PROOF,
  /** The issuer's introspection endpoint says the token is no longer active, or it was revoked here. */
  REVOKED,
  /** The token is valid but lacks a required scope: 403. */
  INSUFFICIENT_SCOPE,
  /** The body a request token binds is larger than the limit: 413. */
  BODY_TOO_LARGE,
  /** Keys, metadata, introspection or a replay store could not be had: 503. */
  UNAVAILABLE
}
