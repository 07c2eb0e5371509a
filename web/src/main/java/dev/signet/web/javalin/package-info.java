/** The Javalin integration: {@link dev.signet.web.javalin.SignetPlugin} and its route roles. */
@NullMarked
package dev.signet.web.javalin;

import org.jspecify.annotations.NullMarked;
