/**
 * The key registry: principals, their public keys, and the cached {@link dev.signet.PrincipalKeys}
 * the request-token verifier reads.
 */
@org.jspecify.annotations.NullMarked
package dev.signet.server.registry;
