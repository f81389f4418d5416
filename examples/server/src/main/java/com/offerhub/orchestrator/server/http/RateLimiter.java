package com.offerhub.orchestrator.server.http;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fixed-window counter per key (spec/02 §6): the window starts with the key's first request and
 * lasts 60 s. Per process; a limit of 0 disables limiting (and the router sends no rate-limit headers).
 */
public final class RateLimiter {
  public static final long WINDOW_MILLIS = 60_000;
  private final int limit;
  private final Clock clock;
  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
  private volatile long nextSweep;

  public RateLimiter(int limit, Clock clock) {
    this.limit = limit;
    this.clock = clock;
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

  public Decision hit(String key) {
    long now = clock.millis();
    sweep(now);
    Window window = windows.compute(key, (k, current) -> {
      Window next = current == null || now - current.start >= WINDOW_MILLIS ? new Window(now) : current;
      next.count++;
      return next;
    });
    int count;
    synchronized (window) {
      count = window.count;
    }
    long resetMillis = window.start + WINDOW_MILLIS;
    long retryAfter = Math.max(1, (resetMillis - now + 999) / 1000);
    if (limit <= 0) {
      return new Decision(true, 0, 0, resetMillis / 1000, 0);
    }
    return new Decision(count <= limit, limit, Math.max(0, limit - count), (resetMillis + 999) / 1000, retryAfter);
  }

  private void sweep(long now) {
    if (now < nextSweep) {
      return;
    }
    nextSweep = now + WINDOW_MILLIS;
    windows.entrySet().removeIf(entry -> now - entry.getValue().start >= WINDOW_MILLIS);
  }
}
