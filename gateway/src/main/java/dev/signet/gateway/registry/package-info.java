/**
 * Request-token principals whose keys live in a Signet server's key registry, looked up over HTTP
 * with the gateway's own request tokens and cached.
 */
@NullMarked
package dev.signet.gateway.registry;

import org.jspecify.annotations.NullMarked;
