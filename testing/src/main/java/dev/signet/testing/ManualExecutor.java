package dev.signet.testing;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * An executor that runs nothing until a test says so: background work (a JWKS refresh) waits in
 * a queue, and {@link #runAll()} runs it on the test's thread. Thread-safe.
 */
public final class ManualExecutor implements Executor {
  private final Queue<Runnable> queue = new ArrayDeque<>();

  @Override
  public synchronized void execute(Runnable task) {
    queue.add(task);
  }

  /** How many tasks wait. */
  public synchronized int pending() {
    return queue.size();
  }

  /** Runs the waiting tasks, and those they queue, until none is left; how many ran. */
  public int runAll() {
    int ran = 0;
    for (Runnable task = next(); task != null; task = next()) {
      task.run();
      ran++;
    }
    return ran;
  }

  private synchronized @Nullable Runnable next() {
    return queue.poll();
  }
}
