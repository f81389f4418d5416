package com.offerhub.orchestrator.spi.storage;

import java.time.Duration;
import java.time.Instant;

/**
 * Shared rate limits. Permits, the storage behind {@code StorageRateLimiter}: at most
 * {@code limit} permits of one limiter in any span of {@code window} (a sliding window). A limiter
 * keeps {@code limit} slots, each holding the time its last permit was taken; a slot can be taken
 * again once that time has left the window. Window counters ({@link #countHit}), for limits checked
 * on every request, where one short write per call is all that may be spent: a fixed window per
 * counter, counting hits. Times come from the caller's clock.
 */
public interface PermitRepository {
  /** A window counter after a hit: the hits counted in its current window, and when that window started. */
  record WindowCount(long hits, Instant windowStart) {}

  /**
   * Takes one permit of {@code limiter} at {@code now} if fewer than {@code limit} were taken in the
   * window before it, i.e. if a slot was last taken at or before {@code now - window}. One
   * conditional write per slot: of callers racing for one slot, one gets it; the others get false
   * and may try again.
   *
   * @return whether a permit was taken
   */
  boolean tryTake(String limiter, int limit, Duration window, Instant now);

  /**
   * When the next permit frees up: the oldest slot's time plus {@code window}, at or before the
   * caller's now when a slot is free already (including slots never taken).
   */
  Instant nextFree(String limiter, int limit, Duration window);

  /**
   * Counts one hit of {@code counter} in fixed windows of {@code window}: when the counter has no
   * window yet, or its window started at or before {@code now - window}, a new window starts at
   * {@code now} with one hit; otherwise its hits grow by one. Concurrent hits of one counter are
   * each counted once (none lost). One statement on a database (an upsert): call it in a short
   * transaction of its own, never inside a command's, as the counter's row stays locked until commit.
   *
   * @param counter names the limited caller (an API key id, a hash, an address), at most 128
   *     characters; never a secret
   * @return the counter after this hit
   */
  WindowCount countHit(String counter, Duration window, Instant now);

  /**
   * Deletes the window counters whose window started at or before {@code startedBefore} (for a
   * caller with windows of {@code w}, {@code now - w}: windows that ended); returns how many.
   */
  int deleteWindowsBefore(Instant startedBefore);
}
