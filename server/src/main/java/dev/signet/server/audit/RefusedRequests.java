package dev.signet.server.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refused unauthenticated requests (bad or missing tokens, bad enrollment codes), counted per
 * (action, source, reason) between two {@link #flush}es instead of audited and logged one by one:
 * anyone can send them, and a flood must neither fill the disk nor crowd genuine events out of
 * the audit writer's queue, nor bury the log.
 *
 * <p>The first refusal of each kind in an interval is audited at once, as it happened, and the
 * caller is told to log it ({@link #refused} returns true, for at most {@value #LOG_LINES} kinds
 * per interval). The ones after it are only counted; {@link #flush} (run every minute by the
 * server, and on a graceful stop) writes one entry per kind for them, with their count ({@link
 * AuditEvent#count()}), the time of the first and the last request id, and logs one summary line
 * per kind (at most {@value #LOG_LINES}, then one line for the rest). At most {@value
 * #MAX_KINDS} kinds are told apart in an interval; beyond that refusals are counted under source
 * {@code other}, so memory stays bounded whatever the sources.
 *
 * <p>Thread-safe.
 */
public final class RefusedRequests implements AutoCloseable {
  static final int MAX_KINDS = 1000;
  static final int LOG_LINES = 100;
  private static final Logger log = LoggerFactory.getLogger(RefusedRequests.class);

  private record Kind(AuditAction action, String source, String reason) {}

  /** The refusals of one kind after the first in an interval; guarded by the map's compute. */
  private static final class Count {
    final Instant first;
    final @Nullable String subject;
    final @Nullable String kid;
    long n;
    @Nullable String lastRequestId;
    boolean sameSubject = true;
    boolean sameKid = true;

    Count(Instant first, @Nullable String subject, @Nullable String kid) {
      this.first = first;
      this.subject = subject;
      this.kid = kid;
    }
  }

  private final AuditLog audit;
  private final Clock clock;
  private final Map<Kind, Count> counts = new ConcurrentHashMap<>();
  private final Map<Kind, Boolean> seen = new ConcurrentHashMap<>();
  private final AtomicInteger logged = new AtomicInteger();
  private volatile boolean closed;

  public RefusedRequests(AuditLog audit, Clock clock) {
    this.audit = Objects.requireNonNull(audit, "audit");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Counts a refused request: audited now if it is the first of its kind in this interval, else
   * in the interval's total.
   *
   * @param source the client's address; null counts as {@code unknown}
   * @param reason the machine-readable reason ({@code BAD_SIGNATURE}, {@code UNKNOWN_CODE}…)
   * @param detail what was wrong, for the first entry (escaped when written)
   * @return whether the caller should log this refusal on a line of its own (else at most DEBUG)
   */
  public boolean refused(AuditAction action, @Nullable String source, String reason, @Nullable String subject,
      @Nullable String kid, @Nullable String requestId, String detail) {
    Kind kind = kind(action, source == null ? "unknown" : source, reason);
    if (!closed && seen.putIfAbsent(kind, Boolean.TRUE) != null) {
      counts.compute(kind, (k, c) -> {
        Count count = c != null ? c : new Count(clock.instant(), subject, kid);
        count.n++;
        count.lastRequestId = requestId;
        count.sameSubject &= Objects.equals(count.subject, subject);
        count.sameKid &= Objects.equals(count.kid, kid);
        return count;
      });
      return false;
    }
    audit.enqueue(new AuditEvent(clock.instant(), requestId, subject, action, subject, kid, AuditEvent.Outcome.FAILURE,
        reason + ": " + detail, kind.source(), 1));
    return logged.incrementAndGet() <= LOG_LINES;
  }

  private Kind kind(AuditAction action, String source, String reason) {
    Kind kind = new Kind(action, source, reason);
    if (seen.size() >= MAX_KINDS && !seen.containsKey(kind)) {
      return new Kind(action, "other", reason);
    }
    return kind;
  }

  /**
   * Writes one entry per kind counted since the last flush (queued to the audit log), logs their
   * summaries, and starts a new interval.
   */
  public void flush() {
    List<Map.Entry<Kind, Count>> taken = new ArrayList<>();
    seen.clear();
    // a refusal may be counting while its kind leaves 'seen': it is taken here, or at the next flush
    for (Kind kind : List.copyOf(counts.keySet())) {
      Count count = counts.remove(kind);
      if (count != null) {
        taken.add(Map.entry(kind, count));
      }
    }
    logged.set(0);
    Instant now = clock.instant();
    taken.sort(Comparator.comparingLong((Map.Entry<Kind, Count> e) -> e.getValue().n).reversed());
    long unlogged = 0;
    for (int i = 0; i < taken.size(); i++) {
      Kind kind = taken.get(i).getKey();
      Count count = taken.get(i).getValue();
      String subject = count.sameSubject ? count.subject : null;
      String summary = kind.reason() + ": " + count.n + " more refused " + kind.action() + " requests from " + kind.source()
          + " between " + count.first + " and " + now;
      audit.enqueue(new AuditEvent(count.first, count.lastRequestId, subject, kind.action(), subject,
          count.sameKid ? count.kid : null, AuditEvent.Outcome.FAILURE, summary, kind.source(), count.n));
      if (i < LOG_LINES) {
        log.info("refused action={} reason={} source={} count={} since={} (not logged one by one)",
            kind.action(), kind.reason(), SafeText.escape(kind.source()), count.n, count.first);
      } else {
        unlogged += count.n;
      }
    }
    if (unlogged > 0) {
      log.info("refused {} more requests of {} other kinds since the last summary (see the audit log)", unlogged,
          taken.size() - LOG_LINES);
    }
  }

  /** Flushes; refusals counted after this are audited one by one. */
  @Override
  public void close() {
    closed = true;
    flush();
  }

  /** How long an interval lasts when the server runs {@link #flush}. */
  public static Duration interval() {
    return Duration.ofMinutes(1);
  }
}
