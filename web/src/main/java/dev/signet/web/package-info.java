/**
 * Signet for resource servers: one verification engine ({@link dev.signet.web.ResourceServer}) for
 * access tokens (Bearer and DPoP-bound, from any number of trusted issuers) and Signet request
 * tokens, with the HTTP rules of RFC 6750 and RFC 9449. The integrations (a Jakarta Servlet
 * filter, a Javalin plugin) are thin adapters over it.
 */
@NullMarked
package dev.signet.web;

import org.jspecify.annotations.NullMarked;
