package com.offerhub.orchestrator.examples.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs operations on a number of threads started together and keeps what a caller would see: each
 * operation's latency, the wall time, and every exception (an error, whatever it was).
 */
final class TimedRun {
  private TimedRun() {}

  /** One operation: the {@code index}-th of thread {@code thread}. */
  interface Op {
    void run(int thread, int index) throws Exception;
  }

  /**
   * What a run gave: ops done, wall time, latencies in nanos, error messages with their counts, and
   * the CPU it cost ({@link Cpu}).
   */
  record Result(int ops, long wallNanos, long[] latencies, Map<String, Integer> errors, Cpu cpu) {
    double rate() {
      return ops / (wallNanos / 1e9);
    }

    /** This JVM's CPU per operation, in microseconds. */
    double jvmMicrosPerOp() {
      return cpu.jvmNanos() / 1e3 / ops;
    }

    /** The rest of the machine's busy CPU (the database, mostly) per operation, in microseconds. */
    double otherMicrosPerOp() {
      return cpu.otherNanos() / 1e3 / ops;
    }

    int errorCount() {
      return errors.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  /** The 99th percentile of latencies in nanos, in ms; NaN when there are none (a run that kept none). */
  static double p99Millis(long[] latencies) {
    if (latencies.length == 0) {
      return Double.NaN;
    }
    long[] sorted = latencies.clone();
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, (int) (sorted.length * 0.99))] / 1e6;
  }

  /** Runs indexes {@code from .. from + count - 1} of {@code op} on each of {@code threads} threads. */
  static Result run(int threads, int from, int count, Op op) throws Exception {
    long[] latencies = new long[threads * count];
    Map<String, Integer> errors = new TreeMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          ready.countDown();
          go.await();
          for (int i = 0; i < count; i++) {
            long begin = System.nanoTime();
            try {
              op.run(thread, from + i);
            } catch (Exception e) {
              synchronized (errors) {
                errors.merge(e.getClass().getSimpleName() + ": " + e.getMessage(), 1, Integer::sum);
              }
            }
            latencies[thread * count + i] = System.nanoTime() - begin;
          }
          return null;
        }));
      }
      ready.await();
      Cpu.Mark mark = Cpu.mark();
      long start = System.nanoTime();
      go.countDown();
      for (Future<?> future : futures) {
        future.get();
      }
      long wall = System.nanoTime() - start;
      return new Result(threads * count, wall, latencies, errors, mark.since());
    } finally {
      pool.shutdown();
    }
  }
}
