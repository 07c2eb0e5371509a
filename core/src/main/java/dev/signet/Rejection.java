package dev.signet;

/**
 * Why a token was refused. Machine-readable and stable: operators count and alert on these, so
 * they are API. The precise, human-readable detail travels beside it in
 * {@link Verification.Invalid#detail()}, for the log only.
 */
public enum Rejection {
  /** Larger than the verifier's limit; refused before any parsing. */
  TOO_LARGE,
  /** Not a compact JWS with a JSON header and a JSON object payload, or a claim of the wrong type. */
  MALFORMED,
  /** {@code alg} is {@code none}, HMAC, unknown, not allowed here, or does not fit the key. */
  UNSUPPORTED_ALGORITHM,
  /** The header lists a {@code crit} parameter Signet does not understand (it understands none). */
  UNKNOWN_CRITICAL_HEADER,
  /** {@code typ} says this is another kind of token (an access token used as a request token…). */
  WRONG_TYPE,
  /** A claim this kind of token must carry is absent. */
  MISSING_CLAIM,
  /** The principal the token names does not exist or is disabled. */
  UNKNOWN_PRINCIPAL,
  /** No key matches the token's {@code kid} (or, without a kid, none of the principal's keys fits). */
  UNKNOWN_KEY,
  /** The signature does not verify with the key. */
  BAD_SIGNATURE,
  /** Expired, or issued too long ago to be accepted. */
  EXPIRED,
  /** Issued in the future, or not valid before a later time. */
  NOT_YET_VALID,
  /** {@code exp - iat} exceeds the verifier's maximum lifetime. */
  LIFETIME_TOO_LONG,
  /** {@code iss} is not the expected issuer (or, in a request token, differs from {@code sub}). */
  WRONG_ISSUER,
  /** {@code aud} does not contain the expected audience. */
  WRONG_AUDIENCE,
  /** A request-binding claim ({@code htm}, {@code htu}, {@code qsh}, {@code bsh}) does not match the request. */
  BINDING_MISMATCH,
  /** The nonce or {@code jti} was already accepted for this principal. */
  REPLAYED,
  /** The token is valid but lacks a scope the caller requires (HTTP 403, not 401). */
  INSUFFICIENT_SCOPE
}
