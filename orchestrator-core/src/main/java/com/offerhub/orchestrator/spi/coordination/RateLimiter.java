package com.offerhub.orchestrator.spi.coordination;

/**
 * Admits calls to a rate-limited service (Trustless Work allows 50 requests a minute per API key).
 * Work over the limit waits for a permit; it never fails for being over the limit. Backed by the
 * database, the limit holds across every instance that shares the key
 * ({@code com.offerhub.orchestrator.coordination.StorageRateLimiter}). Thread-safe.
 */
public interface RateLimiter {
  /**
   * Waits until one call may be made. Call it outside any storage transaction, right before the
   * call it admits.
   *
   * @throws InterruptedException if the thread is interrupted while it waits
   */
  void acquire() throws InterruptedException;

  /** A limiter that admits everything (tests, services without a limit). */
  static RateLimiter unlimited() {
    return () -> { };
  }
}
