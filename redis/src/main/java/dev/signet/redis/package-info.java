/**
 * Redis adapters for state that several instances share: {@link dev.signet.redis.RedisReplayStore},
 * the replay store for request-token nonces and DPoP proof {@code jti}s (and the server's revoked
 * access tokens), usable by the server, the resource-server integrations and the gateway alike.
 */
@org.jspecify.annotations.NullMarked
package dev.signet.redis;
