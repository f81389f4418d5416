package com.offerhub.orchestrator.spi.storage;

import java.time.Duration;
import java.time.Instant;

/**
 * Permits of shared rate limits, the storage behind {@code StorageRateLimiter}: at most
 * {@code limit} permits of one limiter in any span of {@code window} (a sliding window). A limiter
 * keeps {@code limit} slots, each holding the time its last permit was taken; a slot can be taken
 * again once that time has left the window. Times come from the caller's clock.
 */
public interface PermitRepository {
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
}
