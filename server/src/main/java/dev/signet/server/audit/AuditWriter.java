package dev.signet.server.audit;

import dev.signet.server.storage.Database;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes queued audit events in batches on one background thread, so that the request path only
 * pays for {@link BlockingQueue#offer}. While events keep coming, it writes at most one batch (one
 * transaction, up to 2,000 events) per 200 ms; an event after a quiet spell is written at once.
 *
 * <p><b>Bound.</b> While the database is down, the batch in hand is retried (backing off from
 * 0.5 s to 5 s) until it is written, and new events wait in the queue: up to {@code capacity}
 * queued plus one batch in hand are kept and written once the database is back. An event that
 * finds the queue full is dropped and counted ({@link #dropped()}, the metric {@code
 * signet.audit.dropped}), never lost silently. {@link #close} writes what is queued, retrying for
 * up to 10 s; what it cannot write is counted as dropped and logged.
 */
final class AuditWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AuditWriter.class);
  private static final int BATCH_SIZE = 2000;
  private static final Duration FIRST_RETRY = Duration.ofMillis(500);
  private static final Duration LAST_RETRY = Duration.ofSeconds(5);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
  // at most one transaction per this interval while events keep coming: with H2 a commit (a store of
  // the changed pages) costs more than the rows, and under load batches of a few events made most of them;
  // at 50 ms, commits were still a third of the writer's time at 7,000 authentications a second (gh-18)
  private static final long LINGER_NANOS = Duration.ofMillis(200).toNanos();

  private final Database database;
  private final BlockingQueue<AuditEvent> queue;
  private final int batchSize;
  private final Thread thread;
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final Object progress = new Object();
  private long handled; // guarded by progress
  private volatile int inHand;
  private volatile boolean closed;
  private volatile long closeDeadline;
  private long lastWrite = System.nanoTime() - LINGER_NANOS; // the writer thread's

  AuditWriter(Database database, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("audit queue capacity must be positive: " + capacity);
    }
    this.database = database;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.batchSize = Math.min(BATCH_SIZE, capacity);
    this.thread = Thread.ofPlatform().name("signet-audit-writer").daemon().unstarted(this::run);
    thread.start();
  }

  boolean offer(AuditEvent event) {
    if (closed || !queue.offer(event)) {
      drop(1, closed ? "the audit log is closed" : "the audit queue is full (the database is slow or down)");
      return false;
    }
    accepted.incrementAndGet();
    return true;
  }

  private void drop(long n, String why) {
    long before = dropped.getAndAdd(n);
    if (before == 0 || before / 1000 != (before + n) / 1000) {
      log.warn("audit: {} events dropped so far: {}", before + n, why);
    }
  }

  long dropped() {
    return dropped.get();
  }

  /** Events kept but not yet written: queued, and the batch in hand. */
  int pending() {
    return queue.size() + inHand;
  }

  /** Waits until every event accepted before this call is written or dropped. */
  boolean flush(Duration timeout) {
    long target = accepted.get();
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (progress) {
      while (handled < target) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(progress, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }
  }

  private void run() {
    List<AuditEvent> batch = new ArrayList<>(batchSize);
    while (!closed || !queue.isEmpty()) {
      try {
        AuditEvent first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, batchSize - 1);
        inHand = batch.size();
        long wait = lastWrite + LINGER_NANOS - System.nanoTime();
        if (wait > 0 && batch.size() < batchSize && !closed) {
          TimeUnit.NANOSECONDS.sleep(wait);
          queue.drainTo(batch, batchSize - batch.size());
          inHand = batch.size();
        }
        write(batch);
        lastWrite = System.nanoTime();
      } catch (InterruptedException e) {
        queue.drainTo(batch);
        drop(batch.size(), "the audit writer was stopped before the database took them");
        return;
      } finally {
        synchronized (progress) {
          handled += batch.size();
          progress.notifyAll();
        }
        batch.clear();
        inHand = 0;
      }
    }
  }

  /** Writes the batch, retrying while the database fails; gives up only when closing takes too long. */
  private void write(List<AuditEvent> batch) throws InterruptedException {
    Duration delay = FIRST_RETRY;
    for (int attempt = 1; ; attempt++) {
      try {
        database.execute(c -> {
          AuditRows.insert(c, batch);
        });
        if (attempt > 1) {
          log.info("audit: wrote {} events held back for {} attempts", batch.size(), attempt);
        }
        return;
      } catch (RuntimeException | AssertionError e) { // unavailable, a bug, or a JDBC driver's own assert (-ea): the thread must live on
        if (closed && System.nanoTime() - closeDeadline > 0) {
          queue.drainTo(batch); // all of it: each further attempt would only wait for the database again
          drop(batch.size(), "the database was unavailable at stop: " + SafeText.escape(String.valueOf(e.getMessage())));
          return;
        }
        if (attempt == 1) {
          log.warn("audit: cannot write {} events, retrying until the database is back ({} more queued): {}",
              batch.size(), queue.size(), SafeText.escape(String.valueOf(e.getMessage())));
        }
        Thread.sleep(delay.toMillis());
        delay = delay.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : delay.multipliedBy(2);
      }
    }
  }

  @Override
  public void close() {
    closeDeadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
    closed = true;
    try {
      thread.join(CLOSE_TIMEOUT.plusSeconds(LAST_RETRY.toSeconds() + 1).toMillis());
      if (thread.isAlive()) {
        thread.interrupt();
        thread.join(1000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
