package com.offerhub.orchestrator.examples.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU spent during a run: this JVM's own (its process CPU time) and the rest of the machine's busy
 * time ({@code /proc/stat} less this JVM), which on the benchmark machine is the database server.
 * It says where a gap between the engine and the floor is spent: in our Java or in the work we
 * give PostgreSQL. Where {@code /proc/stat} cannot be read, the other side is 0.
 */
record Cpu(long jvmNanos, long otherNanos) {
  private static final Path STAT = Path.of("/proc/stat");
  /** The kernel's clock ticks per second for {@code /proc/stat} (USER_HZ, 100 on Linux). */
  private static final long TICK_NANOS = 10_000_000L;

  /** The counters at one moment. */
  record Mark(long jvmNanos, long busyNanos) {
    /** What was spent from this mark until now. */
    Cpu since() {
      Mark now = mark();
      long jvm = now.jvmNanos - jvmNanos;
      return new Cpu(jvm, busyNanos < 0 || now.busyNanos < 0 ? 0 : Math.max(0, now.busyNanos - busyNanos - jvm));
    }
  }

  static Mark mark() {
    return new Mark(jvmCpu(), machineBusy());
  }

  private static long jvmCpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Busy time of all CPUs since boot (user, nice, system, irq, softirq, steal), or -1. */
  private static long machineBusy() {
    try {
      String[] f = Files.readAllLines(STAT).get(0).trim().split("\\s+");
      long ticks = 0;
      for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
        ticks += Long.parseLong(f[i]);
      }
      return ticks * TICK_NANOS;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
