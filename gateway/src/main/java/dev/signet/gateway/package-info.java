/**
 * The Signet gateway (SPEC §5): a reverse proxy on Jetty core handlers that verifies each request's
 * token with the {@code signet-web} engine before forwarding it, and forwards the verified identity
 * as {@code X-JWT-*} headers. {@link dev.signet.gateway.Gateway} is the entry point.
 */
@NullMarked
package dev.signet.gateway;

import org.jspecify.annotations.NullMarked;
