package dev.signet;

/** Which kind of token was verified. */
public enum TokenProfile {
  /** A request token with {@code username}, {@code time} and {@code nonce} (asymmetric-jwt-auth's claims). */
  COMPATIBLE,
  /** A request token with {@code iss} = {@code sub}, {@code aud}, {@code iat}, {@code exp} and {@code jti}. */
  STANDARD,
  /** An RFC 9068 access token issued by an authorization server. */
  ACCESS_TOKEN
}
