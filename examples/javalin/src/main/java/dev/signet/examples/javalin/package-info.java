/** The Javalin example: {@code GET /hello} with scope {@code hello:read}. */
@NullMarked
package dev.signet.examples.javalin;

import org.jspecify.annotations.NullMarked;
