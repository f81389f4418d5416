package com.offerhub.orchestrator.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs one task on many threads released at the same instant, for race tests. */
public final class Concurrently {
  private Concurrently() {}

  /**
   * Starts {@code threads} copies of {@code task} together and returns their results in start
   * order; fails if they do not all finish within {@code timeout}. A task's exception is rethrown.
   */
  public static <T> List<T> run(int threads, Duration timeout, Callable<T> task) throws InterruptedException,
      ExecutionException {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<T>> futures = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      futures.add(pool.submit(() -> {
        start.await();
        return task.call();
      }));
    }
    start.countDown();
    pool.shutdown();
    if (!pool.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      pool.shutdownNow();
      throw new AssertionError(threads + " concurrent tasks did not finish within " + timeout);
    }
    List<T> results = new ArrayList<>();
    for (Future<T> future : futures) {
      results.add(future.get());
    }
    return results;
  }
}
