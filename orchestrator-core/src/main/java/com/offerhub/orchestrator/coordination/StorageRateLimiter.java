package com.offerhub.orchestrator.coordination;

import com.offerhub.orchestrator.spi.coordination.RateLimiter;
import com.offerhub.orchestrator.spi.storage.Storage;
import com.offerhub.orchestrator.spi.storage.StorageException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A rate limit shared through the engine's storage by every instance on one database: at most
 * {@code limit} permits in any span of {@code window} (a sliding window, so no burst of twice the
 * limit across a window boundary). A caller over the limit sleeps until a permit frees up (each
 * sleep at most {@link #withMaxSleep maxSleep}, then it looks again), so work waits instead of
 * failing; the wait is interruptible. Each attempt is one short transaction of its own: never call
 * {@link #acquire()} inside another storage transaction. Thread-safe.
 *
 * <pre>{@code
 * RateLimiter limiter = StorageRateLimiter.of(storage, "trustless-work:" + keyId, 50, Duration.ofMinutes(1),
 *     Clock.systemUTC());
 * limiter.acquire();   // then call the service
 * }</pre>
 *
 * <p>The key is stored in the database as it is: name the limited resource (for an API key, its id
 * or a hash of it), never put a secret there.
 */
public final class StorageRateLimiter implements RateLimiter {
  /** How long one sleep lasts at most before the limiter looks again. */
  public static final Duration DEFAULT_MAX_SLEEP = Duration.ofSeconds(1);
  private static final int MAX_LIMIT = 10_000;
  private final Storage storage;
  private final String key;
  private final int limit;
  private final Duration window;
  private final Clock clock;
  private final Duration maxSleep;

  private StorageRateLimiter(Storage storage, String key, int limit, Duration window, Clock clock,
      Duration maxSleep) {
    this.storage = storage;
    this.key = key;
    this.limit = limit;
    this.window = window;
    this.clock = clock;
    this.maxSleep = maxSleep;
  }

  /**
   * A limiter admitting {@code limit} calls per {@code window} under {@code key}; limiters with
   * the same key on one database share the limit, and they must agree on {@code limit} and
   * {@code window}.
   */
  public static StorageRateLimiter of(Storage storage, String key, int limit, Duration window, Clock clock) {
    Objects.requireNonNull(storage, "storage == null");
    Objects.requireNonNull(clock, "clock == null");
    ShortTransactions.name("limiter key", key);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", was " + limit);
    }
    ShortTransactions.positive("window", window);
    return new StorageRateLimiter(storage, key, limit, window, clock, DEFAULT_MAX_SLEEP);
  }

  /** The same limiter, sleeping at most {@code value} at a time (tests on a clock they move). */
  public StorageRateLimiter withMaxSleep(Duration value) {
    ShortTransactions.positive("maxSleep", value);
    return new StorageRateLimiter(storage, key, limit, window, clock, value);
  }

  @Override
  public void acquire() throws InterruptedException {
    acquirePermit();
  }

  /**
   * Waits until one call may be made, as {@link #acquire()}, and returns when the permit was taken
   * by this limiter's clock (the time the limit counts it at).
   */
  public Instant acquirePermit() throws InterruptedException {
    while (true) {
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted waiting for a permit of " + key);
      }
      Instant now = now();
      Instant next;
      try {
        next = attempt(now);
      } catch (StorageException e) {
        // an interrupt that arrived during the transaction (a storage may end its wait with it)
        // is still the caller's interrupt, not a storage failure
        if (Thread.interrupted()) {
          InterruptedException interrupted = new InterruptedException("interrupted waiting for a permit of " + key);
          interrupted.initCause(e);
          throw interrupted;
        }
        throw e;
      }
      if (next == null) {
        return now;
      }
      long waitMillis = Duration.between(clock.instant(), next).toMillis();
      if (waitMillis <= 0) {
        // A slot was free but another caller took it first: look again after a moment.
        Thread.sleep(ThreadLocalRandom.current().nextInt(3));
      } else {
        Thread.sleep(Math.min(waitMillis, maxSleep.toMillis()));
      }
    }
  }

  /** Takes a permit if one is free now, without waiting; returns whether it did. */
  public boolean tryAcquire() {
    return attempt(now()) == null;
  }

  /** The clock's time to the microsecond, as databases store it, so a permit's time is kept exactly. */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  /** One transaction: takes a permit at {@code now} (null) or tells when the next one frees up. */
  private Instant attempt(Instant now) {
    return ShortTransactions.write(storage, session -> session.permits().tryTake(key, limit, window, now) ? null
        : session.permits().nextFree(key, limit, window));
  }

  @Override
  public String toString() {
    return "StorageRateLimiter[" + key + ", " + limit + " per " + window + "]";
  }

  /**
   * A short, stable name for an API key in a limiter's key: the first 8 bytes of its SHA-256 in hex,
   * so the storage never holds the key itself.
   */
  public static String keyId(String apiKey) {
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
          .digest(apiKey.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest, 0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
