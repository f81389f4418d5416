package com.offerhub.orchestrator.testkit.internal.storage;

import com.offerhub.orchestrator.model.IdempotencyRecord;
import com.offerhub.orchestrator.spi.storage.IdempotencyRepository;
import com.offerhub.orchestrator.spi.storage.StorageException;
import java.io.Serializable;
import java.time.Instant;
import java.util.Optional;

/**
 * The idempotency records of one {@link MemoryTransaction}, one per scope and key. The sweep of
 * expired records skips those another transaction holds.
 */
final class MemoryIdempotency implements IdempotencyRepository {
  private final TableView<IdempotencyRecord> rows;

  MemoryIdempotency(MemoryTransaction tx) {
    this.rows = new TableView<>(tx, tx.db.idempotency);
  }

  @Override
  public Optional<IdempotencyRecord> claim(IdempotencyRecord candidate, Instant now) {
    rows.writable();
    String id = rows.idOf(candidate);
    rows.lockKey(id);
    Optional<IdempotencyRecord> existing = rows.find(id);
    if (existing.isPresent() && !existing.get().expiresAt().isBefore(now)) {
      return existing;
    }
    rows.put(id, candidate);
    return Optional.empty();
  }

  @Override
  public void complete(String scope, String key, Serializable response) {
    String id = MemoryDatabase.idempotencyKey(scope, key);
    IdempotencyRecord current = rows.lock(id).orElseThrow(
        () -> new StorageException("idempotency key " + key + " was not claimed", false));
    rows.put(id, new IdempotencyRecord(scope, key, current.fingerprint(), response, current.createdAt(),
        current.expiresAt()));
  }

  @Override
  public int deleteExpired(Instant now) {
    rows.writable();
    int removed = 0;
    for (IdempotencyRecord record : rows.committed()) {
      String id = rows.idOf(record);
      if (record.expiresAt().isBefore(now) && rows.tryLock(id)) {
        rows.delete(id);
        removed++;
      }
    }
    return removed;
  }
}
