package com.offerhub.orchestrator.testkit.internal.storage;

import com.offerhub.orchestrator.model.Escrow;
import com.offerhub.orchestrator.spi.storage.EscrowRepository;
import java.util.Optional;

/** The escrows of one {@link MemoryTransaction}, unique by order and by contract id. */
final class MemoryEscrows implements EscrowRepository {
  private final TableView<Escrow> rows;

  MemoryEscrows(MemoryTransaction tx) {
    this.rows = new TableView<>(tx, tx.db.escrows);
  }

  @Override
  public void insert(Escrow escrow) {
    rows.insert(escrow);
  }

  @Override
  public Optional<Escrow> find(String id) {
    return rows.find(id);
  }

  @Override
  public Optional<Escrow> findByOrder(String orderId) {
    return rows.findUnique("order", orderId);
  }

  @Override
  public Optional<Escrow> findByContract(String contractId) {
    return rows.findUnique("contract", contractId);
  }

  @Override
  public void update(Escrow escrow) {
    rows.update(escrow);
  }

  @Override
  public void delete(String id) {
    rows.lock(id);
    rows.delete(id);
  }
}
