package dev.signet.server.testing;

import dev.signet.server.audit.AuditLog;
import dev.signet.server.enrollment.EnrollmentCodes;
import dev.signet.server.registry.KeyRegistry;
import dev.signet.server.storage.Database;
import dev.signet.testing.MutableClock;
import java.time.Instant;

/** The server's stores over one database, on a {@link MutableClock}, wired as the server wires them. */
public record TestStores(MutableClock clock, AuditLog audit, KeyRegistry registry, EnrollmentCodes codes)
    implements AutoCloseable {

  /** The clock's start: a fixed instant, so that timestamps in assertions are exact. */
  public static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

  public static TestStores open(Database database) {
    MutableClock clock = MutableClock.at(START);
    AuditLog audit = new AuditLog(database, clock);
    KeyRegistry registry = new KeyRegistry(database, audit, clock);
    return new TestStores(clock, audit, registry, new EnrollmentCodes(database, registry, audit, clock));
  }

  @Override
  public void close() {
    audit.close();
  }
}
