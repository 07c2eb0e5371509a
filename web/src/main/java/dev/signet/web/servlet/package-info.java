/** The Jakarta Servlet integration: {@link dev.signet.web.servlet.SignetFilter}. */
@NullMarked
package dev.signet.web.servlet;

import org.jspecify.annotations.NullMarked;
