/** The server's Micrometer metrics, scraped in Prometheus form on the management listener. */
@org.jspecify.annotations.NullMarked
package dev.signet.server.metrics;
