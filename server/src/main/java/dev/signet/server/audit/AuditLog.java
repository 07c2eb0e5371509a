package dev.signet.server.audit;

import dev.signet.server.audit.AuditEvent.Outcome;
import dev.signet.server.storage.Database;
import dev.signet.server.storage.Jdbc;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The audit log. Registry changes are {@linkplain #recordChange recorded} in the transaction that
 * makes them, so a change and its entry commit or vanish together. Authentication decisions are
 * {@linkplain #enqueue queued} and written in batches by a background thread, so a request never
 * waits on the database for them. During a database outage up to the queue's capacity (10,000 by
 * default) are held back and written when it returns; beyond that they are dropped and counted
 * ({@link #dropped()}, metric {@code signet.audit.dropped}). {@link #close} writes what is queued.
 *
 * <p>Thread-safe.
 */
public final class AuditLog implements AutoCloseable, MeterBinder {
  public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
  private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(10);

  private final Database database;
  private final Clock clock;
  private final AuditWriter writer;

  /** An audit log whose queue holds {@value #DEFAULT_QUEUE_CAPACITY} events. */
  public AuditLog(Database database, Clock clock) {
    this(database, clock, DEFAULT_QUEUE_CAPACITY);
  }

  public AuditLog(Database database, Clock clock, int queueCapacity) {
    this.database = Objects.requireNonNull(database, "database");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.writer = new AuditWriter(database, queueCapacity);
  }

  /**
   * Records a successful change, now, in the caller's transaction (or its own when there is none).
   *
   * @throws dev.signet.server.storage.DatabaseUnavailableException if it cannot be written
   */
  public void recordChange(
      Actor actor, AuditAction action, @Nullable String subject, @Nullable String kid, @Nullable String reason) {
    append(new AuditEvent(Jdbc.now(clock), actor.requestId(), actor.principal(), action, subject, kid, Outcome.SUCCESS,
        reason, actor.source(), 1));
  }

  /** Writes {@code event} in the caller's transaction (or its own when there is none). */
  public void append(AuditEvent event) {
    database.execute(c -> {
      AuditRows.insert(c, List.of(event));
    });
  }

  /**
   * Queues {@code event} to be written soon, without waiting. Use it on the request path.
   *
   * @return {@code false} if the queue is full (or closed) and the event was dropped
   */
  public boolean enqueue(AuditEvent event) {
    return writer.offer(Objects.requireNonNull(event, "event"));
  }

  /** Waits (up to 10 s) until every event queued before this call is written or dropped. */
  public boolean flush() {
    return writer.flush(FLUSH_TIMEOUT);
  }

  /** How many queued events were dropped: the queue full (database down or slow), or closed. */
  public long dropped() {
    return writer.dropped();
  }

  /** Events queued and not yet written (during a database outage, those held back). */
  public int pending() {
    return writer.pending();
  }

  /** {@code signet.audit.dropped} (counter) and {@code signet.audit.pending} (gauge). */
  @Override
  public void bindTo(MeterRegistry registry) {
    FunctionCounter.builder("signet.audit.dropped", this, AuditLog::dropped)
        .description("audit events dropped because the queue was full or the log closed").register(registry);
    Gauge.builder("signet.audit.pending", this, AuditLog::pending)
        .description("audit events queued and not yet written").register(registry);
  }

  /**
   * The entries about {@code query.principal()}, newest first.
   *
   * @throws dev.signet.server.storage.DatabaseUnavailableException if the database fails
   */
  public List<AuditEvent> query(AuditQuery query) {
    return entries(query).stream().map(AuditEntry::event).toList();
  }

  /** Like {@link #query}, each event with its row's id (for the position of a page's end). */
  public List<AuditEntry> entries(AuditQuery query) {
    Objects.requireNonNull(query, "query");
    return database.inTransaction(c -> AuditRows.query(c, query));
  }

  /** Writes the queued events (waiting up to 10 s) and stops the writer. */
  @Override
  public void close() {
    writer.close();
  }
}
