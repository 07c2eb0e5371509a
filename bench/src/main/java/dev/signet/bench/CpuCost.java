package dev.signet.bench;

import java.lang.management.ManagementFactory;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A second measure beside throughput: the CPU time this JVM spent per operation (all its
 * threads, so garbage collection counts). On a shared machine other processes
 * take wall-clock time from a benchmark, which throughput shows and this does not, so ratios of
 * CPU costs stay steadier than ratios of throughputs measured minutes apart.
 *
 * <p>JMH sums event counters over iterations, so this reports two sums, {@code cpuNanos} and
 * {@code cpuOps} (every call of {@link #count()}, which benchmarks make once per operation,
 * warm-down included); {@code bench/report.py} divides one by the other.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class CpuCost {
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private long startNanos;
  private long operations;

  @Setup(Level.Iteration)
  public void start() {
    operations = 0;
    startNanos = OS.getProcessCpuTime();
  }

  void count() {
    operations++;
  }

  /** Process CPU nanoseconds since the iteration started. */
  public long cpuNanos() {
    return OS.getProcessCpuTime() - startNanos;
  }

  /** Operations since the iteration started. */
  public long cpuOps() {
    return operations;
  }
}
