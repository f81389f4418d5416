package com.offerhub.orchestrator.airtm;

import com.offerhub.orchestrator.spi.coordination.RateLimiter;
import java.util.function.LongSupplier;

/**
 * A local token bucket: on average {@code perSecond} permits a second, with bursts of up to
 * {@code perSecond} after a quiet second (AirTM allows 10 requests a second per API key). A caller
 * reserves its slot under a short lock, then sleeps outside it until the slot comes, so callers are
 * admitted in arrival order and none waits on another's sleep. It counts this process only: several
 * instances sharing one API key share the limit through a storage-backed {@link RateLimiter}
 * instead. Thread-safe.
 */
final class TokenBucket implements RateLimiter {
  /** Waits the given nanoseconds; replaced in tests. */
  interface Sleeper {
    void sleepNanos(long nanos) throws InterruptedException;
  }

  private final long interval;
  private final long tolerance;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  /** When the next permit would be due if no burst were allowed (the "theoretical arrival time"). */
  private long due;

  TokenBucket(int perSecond) {
    this(perSecond, System::nanoTime, nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
  }

  TokenBucket(int perSecond, LongSupplier nanoTime, Sleeper sleeper) {
    if (perSecond < 1) {
      throw new IllegalArgumentException("perSecond must be at least 1, was " + perSecond);
    }
    this.interval = 1_000_000_000L / perSecond;
    this.tolerance = interval * (perSecond - 1);
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
    this.due = nanoTime.getAsLong();
  }

  @Override
  public void acquire() throws InterruptedException {
    long wait = reserve();
    if (wait > 0) {
      sleeper.sleepNanos(wait);
    }
  }

  /** Takes the next slot and answers how long to wait for it (0: now). */
  synchronized long reserve() {
    long now = nanoTime.getAsLong();
    long start = Math.max(due, now);
    due = start + interval;
    return Math.max(0, start - tolerance - now);
  }
}
