package com.offerhub.orchestrator.server.http;

import com.offerhub.orchestrator.spi.storage.PermitRepository.WindowCount;
import com.offerhub.orchestrator.spi.storage.Storage;
import com.offerhub.orchestrator.spi.storage.StorageException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fixed-window counter per key (spec/02 §6): the window starts with the key's first request and
 * lasts 60 s. The count lives in the engine's storage ({@code PermitRepository.countHit}), so every
 * server instance on one database shares a key's limit; each request costs one short transaction of
 * its own (on PostgreSQL one upsert), before and apart from the command's. Window starts come from
 * the clock of the instance that started the window. A limit of 0 disables limiting (and the router
 * sends no rate-limit headers).
 *
 * <p>Storage unavailable: fail open to this process's own window. A request is then counted in
 * memory, so each instance still refuses a key past the limit (the limit holds per instance, not
 * across them, until the storage answers again), and the failure is logged at most once a window.
 * Refusing every request would answer a database outage with 429s that hide it (and refuse the
 * health check); not counting at all would leave a struggling instance without any limit.
 */
public final class RateLimiter {
  public static final long WINDOW_MILLIS = 60_000;
  private static final Duration WINDOW = Duration.ofMillis(WINDOW_MILLIS);
  private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);
  private static final int MAX_COUNTER_LENGTH = 128;
  private final int limit;
  private final Clock clock;
  private final Storage storage;
  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
  private volatile long nextLocalSweep;
  private final AtomicLong nextFailureLog = new AtomicLong(Long.MIN_VALUE);

  /** A limiter counting in {@code storage}, shared by every limiter on the same database. */
  public RateLimiter(int limit, Clock clock, Storage storage) {
    this.limit = limit;
    this.clock = clock;
    this.storage = storage;
  }

  public record Decision(boolean allowed, int limit, int remaining, long resetEpochSeconds, long retryAfterSeconds) {}

  private static final class Window {
    final long start;
    int count;

    Window(long start) {
      this.start = start;
    }
  }

  /** False when the limit is 0: nothing is counted and nothing refused. */
  public boolean enabled() {
    return limit > 0;
  }

  /** Counts a request of {@code key} (an API key id or an address, never a secret) and decides on it. */
  public Decision hit(String key) {
    if (limit <= 0) {
      long now = clock.millis();
      return new Decision(true, 0, 0, (now + WINDOW_MILLIS) / 1000, 0);
    }
    Instant now = clock.instant();
    String counter = counter(key);
    try {
      WindowCount count = storage.inTransaction(session -> session.permits().countHit(counter, WINDOW, now));
      return decide(count.hits(), count.windowStart().toEpochMilli(), now.toEpochMilli());
    } catch (StorageException e) {
      long millis = now.toEpochMilli();
      long logAfter = nextFailureLog.get();
      if (millis >= logAfter && nextFailureLog.compareAndSet(logAfter, millis + WINDOW_MILLIS)) {
        LOG.warn("rate limit storage unavailable ({}): counting requests per instance until it answers", e.toString());
      }
      return local(key, millis);
    }
  }

  /**
   * Deletes the storage's windows that ended (the background jobs call it once a window); returns
   * how many. A failure is logged and the rows wait for the next sweep.
   */
  public int sweep() {
    try {
      Instant ended = clock.instant().minus(WINDOW);
      return storage.inTransaction(session -> session.permits().deleteWindowsBefore(ended));
    } catch (StorageException e) {
      LOG.warn("sweeping ended rate limit windows failed ({}); the next sweep retries", e.toString());
      return 0;
    }
  }

  /** The storage row's name: {@code http:} and the key, or a hash of a key too long to store as it is. */
  static String counter(String key) {
    String counter = "http:" + key;
    if (counter.length() <= MAX_COUNTER_LENGTH) {
      return counter;
    }
    try {
      byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
          .digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return "http:sha256:" + java.util.HexFormat.of().formatHex(hash);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private Decision decide(long count, long windowStart, long now) {
    long resetMillis = windowStart + WINDOW_MILLIS;
    long retryAfter = Math.max(1, (resetMillis - now + 999) / 1000);
    return new Decision(count <= limit, limit, (int) Math.max(0, limit - count), (resetMillis + 999) / 1000,
        retryAfter);
  }

  /** This process's own window for {@code key}, when the storage cannot count. */
  private Decision local(String key, long now) {
    sweepLocal(now);
    Window window = windows.compute(key, (k, current) -> {
      Window next = current == null || now - current.start >= WINDOW_MILLIS ? new Window(now) : current;
      next.count++;
      return next;
    });
    int count;
    synchronized (window) {
      count = window.count;
    }
    return decide(count, window.start, now);
  }

  private void sweepLocal(long now) {
    if (now < nextLocalSweep) {
      return;
    }
    nextLocalSweep = now + WINDOW_MILLIS;
    windows.entrySet().removeIf(entry -> now - entry.getValue().start >= WINDOW_MILLIS);
  }
}
