package com.offerhub.orchestrator.testkit.internal.storage;

import com.offerhub.orchestrator.spi.storage.PermitRepository;
import java.time.Duration;
import java.time.Instant;

/**
 * The rate-limiter permits of one {@link MemoryTransaction}: a limiter of {@code limit} permits per
 * window has {@code limit} slots, each holding when it was last taken. One lock per limiter
 * serialises takers, where the database lets them race for the oldest slot; the outcome (at most
 * {@code limit} permits per window) is the same. Window counters: one row per counter, updated
 * under its lock as the database's upsert does.
 */
final class MemoryPermits implements PermitRepository {
  private final TableView<MemoryDatabase.Permit> rows;
  private final TableView<MemoryDatabase.RateWindow> windows;

  MemoryPermits(MemoryTransaction tx) {
    this.rows = new TableView<>(tx, tx.db.permits);
    this.windows = new TableView<>(tx, tx.db.rateWindows);
  }

  @Override
  public WindowCount countHit(String counter, Duration window, Instant now) {
    MemoryDatabase.RateWindow current = windows.lock(counter).orElse(null);
    MemoryDatabase.RateWindow next = current == null || !current.windowStart().isAfter(now.minus(window))
        ? new MemoryDatabase.RateWindow(counter, now, 1)
        : new MemoryDatabase.RateWindow(counter, current.windowStart(), current.hits() + 1);
    windows.put(counter, next);
    return new WindowCount(next.hits(), next.windowStart());
  }

  @Override
  public int deleteWindowsBefore(Instant startedBefore) {
    int deleted = 0;
    for (MemoryDatabase.RateWindow row : windows.scan().toList()) {
      if (!row.windowStart().isAfter(startedBefore)) {
        // re-read under the lock: a hit may have started a new window meanwhile
        MemoryDatabase.RateWindow locked = windows.lock(row.counter()).orElse(null);
        if (locked != null && !locked.windowStart().isAfter(startedBefore)) {
          windows.delete(row.counter());
          deleted++;
        }
      }
    }
    return deleted;
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
