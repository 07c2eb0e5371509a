/** The audit log: registry changes (written in their transaction) and authentication decisions (written in batches). */
@org.jspecify.annotations.NullMarked
package dev.signet.server.audit;
