/** One-time enrollment codes that bind a client-generated public key to a principal, and the admin bootstrap. */
@org.jspecify.annotations.NullMarked
package dev.signet.server.enrollment;
