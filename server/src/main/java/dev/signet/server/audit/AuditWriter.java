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
 * pays for {@link BlockingQueue#offer}. A full queue drops the event (counted, logged) rather than
 * block a request; a failed batch is retried a few times, then dropped the same way.
 */
final class AuditWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AuditWriter.class);
  private static final int BATCH_SIZE = 500;
  private static final int ATTEMPTS = 3;
  private static final Duration RETRY_DELAY = Duration.ofMillis(500);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private final Database database;
  private final BlockingQueue<AuditEvent> queue;
  private final Thread thread;
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final Object progress = new Object();
  private long handled; // guarded by progress
  private volatile boolean closed;

  AuditWriter(Database database, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("audit queue capacity must be positive: " + capacity);
    }
    this.database = database;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.thread = Thread.ofPlatform().name("signet-audit-writer").daemon().unstarted(this::run);
    thread.start();
  }

  boolean offer(AuditEvent event) {
    if (closed || !queue.offer(event)) {
      long n = dropped.incrementAndGet();
      if (n == 1 || n % 1000 == 0) {
        log.warn("audit queue full or closed: {} authentication events dropped so far", n);
      }
      return false;
    }
    accepted.incrementAndGet();
    return true;
  }

  long dropped() {
    return dropped.get();
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
    List<AuditEvent> batch = new ArrayList<>(BATCH_SIZE);
    while (!closed || !queue.isEmpty()) {
      try {
        AuditEvent first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, BATCH_SIZE - 1);
        write(batch);
      } catch (InterruptedException e) {
        dropped.addAndGet(batch.size());
        if (closed) {
          return;
        }
      } finally {
        synchronized (progress) {
          handled += batch.size();
          progress.notifyAll();
        }
        batch.clear();
      }
    }
  }

  private void write(List<AuditEvent> batch) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        database.execute(c -> {
          AuditRows.insert(c, batch);
        });
        return;
      } catch (RuntimeException e) { // DatabaseUnavailableException, or a bug: the thread must live on
        if (attempt == ATTEMPTS || closed) {
          dropped.addAndGet(batch.size());
          log.warn("audit: dropped {} authentication events after {} attempts: {}", batch.size(), attempt, SafeText.escape(e.getMessage()));
          return;
        }
        Thread.sleep(RETRY_DELAY.toMillis() * attempt);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      thread.join(CLOSE_TIMEOUT.toMillis());
      if (thread.isAlive()) {
        thread.interrupt();
        log.warn("audit writer did not finish within {}; {} events not written", CLOSE_TIMEOUT, queue.size());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
