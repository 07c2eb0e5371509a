/**
 * The runnable distribution: wires the client commands of {@code signet-cli} and the commands
 * that run servers into one {@code signet} command ({@code dist/target/signet.jar}).
 */
@NullMarked
package dev.signet.dist;

import org.jspecify.annotations.NullMarked;
