package com.offerhub.orchestrator.testkit.internal.storage;

import com.offerhub.orchestrator.model.Dispute;
import com.offerhub.orchestrator.spi.storage.DisputeRepository;
import com.offerhub.orchestrator.spi.storage.Keyset;
import java.util.List;
import java.util.Optional;

/** The disputes of one {@link MemoryTransaction}, at most one per order. */
final class MemoryDisputes implements DisputeRepository {
  private final TableView<Dispute> rows;

  MemoryDisputes(MemoryTransaction tx) {
    this.rows = new TableView<>(tx, tx.db.disputes);
  }

  @Override
  public void insert(Dispute dispute) {
    rows.insert(dispute);
  }

  @Override
  public Optional<Dispute> find(String id) {
    return rows.find(id);
  }

  @Override
  public Optional<Dispute> findByOrder(String orderId) {
    return rows.findUnique("order", orderId);
  }

  @Override
  public Optional<Dispute> lock(String id) {
    return rows.lock(id);
  }

  @Override
  public void update(Dispute dispute) {
    rows.update(dispute);
  }

  @Override
  public List<Dispute> list(int offset, int limit) {
    return Pages.pageNewestFirst(rows.scan(), Dispute::createdAt, Dispute::id, offset, limit);
  }

  @Override
  public List<Dispute> listAfter(Keyset after, int limit) {
    return Pages.pageAfter(rows.scan(), Dispute::createdAt, Dispute::id, after, limit);
  }
}
