/**
 * Access tokens (RFC 9068) this server issues: {@link dev.signet.server.tokens.TokenIssuer} signs
 * them with the current signing key, {@link dev.signet.server.tokens.IssuedTokens} verifies them
 * against the published keys and the {@link dev.signet.server.tokens.Revocations}.
 */
@org.jspecify.annotations.NullMarked
package dev.signet.server.tokens;
