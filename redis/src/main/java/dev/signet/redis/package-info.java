/** Redis adapters: the replay store shared by every server instance. */
@org.jspecify.annotations.NullMarked
package dev.signet.server.redis;
