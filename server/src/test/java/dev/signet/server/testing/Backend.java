package dev.signet.server.testing;

/** The databases every store test runs on. */
public enum Backend {
  /** The embedded default: an H2 file in a temporary directory. */
  H2,
  /** A fresh schema on the test PostgreSQL ({@link TestDatabases#postgres()}). */
  POSTGRES
}
