/** The gateway's YAML configuration: one immutable {@link dev.signet.gateway.config.GatewayConfig}, checked as it is read. */
@NullMarked
package dev.signet.gateway.config;

import org.jspecify.annotations.NullMarked;
