package dev.signet.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Measures beside throughput: CPU time per operation. On a shared machine other processes take
 * wall-clock time from a benchmark, which throughput shows and CPU time does not, so ratios of
 * CPU costs stay steadier than ratios of throughputs measured minutes apart.
 *
 * <ul>
 *   <li>{@code threadNanos}: CPU time of the benchmark thread: the work of the operation itself,
 *       without JIT compilation or GC threads;
 *   <li>{@code cpuNanos}: CPU time of the whole JVM (10 ms resolution here): adds garbage
 *       collection, work handed to other threads, and any compilation still going on.
 * </ul>
 *
 * <p>JMH sums event counters over iterations, so these are sums, as is {@code cpuOps} (every call
 * of {@link #count()}, which benchmarks make once per operation, warm-down included);
 * {@code bench/report.py} divides them.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class CpuCost {
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private long startNanos;
  private long thread;
  private long threadStartNanos;
  private long operations;

  @Setup(Level.Iteration) // on the benchmark thread
  public void start() {
    operations = 0;
    thread = Thread.currentThread().threadId();
    threadStartNanos = THREADS.getThreadCpuTime(thread);
    startNanos = OS.getProcessCpuTime();
  }

  void count() {
    operations++;
  }

  /** Process CPU nanoseconds since the iteration started. */
  public long cpuNanos() {
    return OS.getProcessCpuTime() - startNanos;
  }

  /** CPU nanoseconds of the benchmark thread since the iteration started. */
  public long threadNanos() {
    return THREADS.getThreadCpuTime(thread) - threadStartNanos;
  }

  /** Operations since the iteration started. */
  public long cpuOps() {
    return operations;
  }
}
