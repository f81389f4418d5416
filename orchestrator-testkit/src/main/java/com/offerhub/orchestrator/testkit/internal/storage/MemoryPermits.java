package com.offerhub.orchestrator.testkit.internal.storage;

import com.offerhub.orchestrator.spi.storage.PermitRepository;
import java.time.Duration;
import java.time.Instant;

/**
 * The rate-limiter permits of one {@link MemoryTransaction}: a limiter of {@code limit} permits per
 * window has {@code limit} slots, each holding when it was last taken. One lock per limiter
 * serialises takers, where the database lets them race for the oldest slot; the outcome (at most
 * {@code limit} permits per window) is the same.
 */
final class MemoryPermits implements PermitRepository {
  private final TableView<MemoryDatabase.Permit> rows;

  MemoryPermits(MemoryTransaction tx) {
    this.rows = new TableView<>(tx, tx.db.permits);
  }

  @Override
  public boolean tryTake(String limiter, int limit, Duration window, Instant now) {
    rows.lockKey(limiter);
    MemoryDatabase.Permit oldest = oldest(limiter, limit);
    if (oldest.takenAt().isAfter(now.minus(window))) {
      return false;
    }
    rows.put(MemoryDatabase.permitKey(limiter, oldest.slot()), new MemoryDatabase.Permit(limiter, oldest.slot(), now));
    return true;
  }

  @Override
  public Instant nextFree(String limiter, int limit, Duration window) {
    return oldest(limiter, limit).takenAt().plus(window);
  }

  /** The slot taken longest ago (a slot never taken counts as taken at the epoch). */
  private MemoryDatabase.Permit oldest(String limiter, int limit) {
    MemoryDatabase.Permit oldest = null;
    for (int slot = 0; slot < limit; slot++) {
      MemoryDatabase.Permit permit = rows.find(MemoryDatabase.permitKey(limiter, slot))
          .orElse(new MemoryDatabase.Permit(limiter, slot, Instant.EPOCH));
      if (oldest == null || permit.takenAt().isBefore(oldest.takenAt())) {
        oldest = permit;
      }
    }
    return oldest;
  }
}
