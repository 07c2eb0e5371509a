/**
 * Test support for the Spring Boot starter and the example apps: {@link dev.signet.examples.testing.TestIssuer},
 * an authorization server on a loopback port, and {@link dev.signet.examples.testing.AppProcess}, an example jar
 * run as a process.
 */
@NullMarked
package dev.signet.examples.testing;

import org.jspecify.annotations.NullMarked;
