package com.offerhub.orchestrator.testkit.internal.storage;

import com.offerhub.orchestrator.spi.storage.LeaseRepository;
import java.time.Instant;
import java.util.Optional;

/** The named leases of one {@link MemoryTransaction}: an owner holds one until it expires or is released. */
final class MemoryLeases implements LeaseRepository {
  private final TableView<Lease> rows;

  MemoryLeases(MemoryTransaction tx) {
    this.rows = new TableView<>(tx, tx.db.leases);
  }

  @Override
  public boolean tryAcquire(String name, String owner, Instant now, Instant expiresAt) {
    Optional<Lease> current = rows.lock(name);
    if (current.isPresent() && !current.get().owner().equals(owner) && current.get().expiresAt().isAfter(now)) {
      return false;
    }
    rows.put(name, new Lease(name, owner, expiresAt));
    return true;
  }

  @Override
  public boolean release(String name, String owner) {
    Optional<Lease> current = rows.lock(name);
    if (current.isEmpty() || !current.get().owner().equals(owner)) {
      return false;
    }
    rows.delete(name);
    return true;
  }

  @Override
  public Optional<Lease> find(String name) {
    return rows.find(name);
  }
}
