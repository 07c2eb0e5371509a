/**
 * The server's HTTP side on Javalin: the public listener with every route of SPEC §4 this server
 * serves and the one error mapper, and the management listener (metrics, readiness detail).
 */
@org.jspecify.annotations.NullMarked
package dev.signet.server.http;
