/**
 * The server's settings: one table of them ({@link dev.signet.server.config.ServerSettings}) that
 * drives the flags, the {@code SIGNET_*} variables, the YAML keys, the help and the start log.
 */
@org.jspecify.annotations.NullMarked
package dev.signet.server.config;
