package dev.signet.server.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * A PostgreSQL server private to this JVM: zonky's embedded binaries (from Maven Central), started
 * on first use on a free port and stopped when the JVM exits. (As root, zonky runs PostgreSQL in a
 * user namespace through {@code unshare -U}, since PostgreSQL refuses to run as root.)
 */
final class LocalPostgres {
  private static @Nullable String url;
  private static @Nullable RuntimeException failure;

  private LocalPostgres() {}

  static synchronized String jdbcUrl() {
    if (failure != null) {
      throw failure; // do not try again for every test class
    }
    if (url == null) {
      try {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start(); // stops itself at JVM exit
        url = postgres.getJdbcUrl("postgres", "postgres");
      } catch (IOException | RuntimeException e) {
        failure = new IllegalStateException("cannot start an embedded PostgreSQL: " + e.getMessage(), e);
        throw failure;
      }
    }
    return url;
  }
}
