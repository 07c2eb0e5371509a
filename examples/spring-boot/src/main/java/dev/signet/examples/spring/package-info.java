/** The Spring Boot example: {@code GET /hello} with scope {@code hello:read}. */
@NullMarked
package dev.signet.examples.spring;

import org.jspecify.annotations.NullMarked;
