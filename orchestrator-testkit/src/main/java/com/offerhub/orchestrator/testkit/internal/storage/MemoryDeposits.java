package com.offerhub.orchestrator.testkit.internal.storage;

import com.offerhub.orchestrator.model.Deposit;
import com.offerhub.orchestrator.spi.storage.DepositRepository;
import java.util.Optional;

/** The deposits of one {@link MemoryTransaction}: one per transaction hash and operation index. */
final class MemoryDeposits implements DepositRepository {
  private final TableView<Deposit> rows;

  MemoryDeposits(MemoryTransaction tx) {
    this.rows = new TableView<>(tx, tx.db.deposits);
  }

  @Override
  public boolean insertIfAbsent(Deposit deposit) {
    rows.writable();
    String id = rows.idOf(deposit);
    rows.lockKey(id);
    if (rows.find(id).isPresent()) {
      return false;
    }
    rows.put(id, deposit);
    return true;
  }

  @Override
  public Optional<Deposit> find(String transactionHash, int operationIndex) {
    return rows.find(MemoryDatabase.depositKey(transactionHash, operationIndex));
  }
}
