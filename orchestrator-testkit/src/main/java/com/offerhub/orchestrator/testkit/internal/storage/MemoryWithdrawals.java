package com.offerhub.orchestrator.testkit.internal.storage;

import com.offerhub.orchestrator.model.Withdrawal;
import com.offerhub.orchestrator.spi.storage.Keyset;
import com.offerhub.orchestrator.spi.storage.WithdrawalRepository;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The withdrawals of one {@link MemoryTransaction}. */
final class MemoryWithdrawals implements WithdrawalRepository {
  private final TableView<Withdrawal> rows;

  MemoryWithdrawals(MemoryTransaction tx) {
    this.rows = new TableView<>(tx, tx.db.withdrawals);
  }

  @Override
  public void insert(Withdrawal withdrawal) {
    rows.insert(withdrawal);
  }

  @Override
  public Optional<Withdrawal> find(String id) {
    return rows.find(id);
  }

  @Override
  public Optional<Withdrawal> lock(String id) {
    return rows.lock(id);
  }

  @Override
  public void update(Withdrawal withdrawal) {
    rows.update(withdrawal);
  }

  @Override
  public List<Withdrawal> listByUser(String userId, int offset, int limit) {
    return Pages.pageNewestFirst(ofUser(userId), Withdrawal::createdAt, Withdrawal::id, offset, limit);
  }

  @Override
  public List<Withdrawal> listByUserAfter(String userId, Keyset after, int limit) {
    return Pages.pageAfter(ofUser(userId), Withdrawal::createdAt, Withdrawal::id, after, limit);
  }

  /** The withdrawals of the user, or of everyone for null. */
  private Stream<Withdrawal> ofUser(String userId) {
    return rows.scan().filter(w -> userId == null || w.userId().equals(userId));
  }
}
