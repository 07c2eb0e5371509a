/**
 * The server's relational storage: a {@link dev.signet.server.storage.Database} (HikariCP over H2
 * or PostgreSQL, migrated by Flyway) and its transactions.
 */
@org.jspecify.annotations.NullMarked
package dev.signet.server.storage;
