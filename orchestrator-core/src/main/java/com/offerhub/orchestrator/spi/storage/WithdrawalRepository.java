package com.offerhub.orchestrator.spi.storage;

import com.offerhub.orchestrator.model.Withdrawal;
import java.util.List;
import java.util.Optional;

/** Withdrawals. */
public interface WithdrawalRepository {
  void insert(Withdrawal withdrawal);

  Optional<Withdrawal> find(String id);

  Optional<Withdrawal> lock(String id);

  void update(Withdrawal withdrawal);

  /** A user's withdrawals, newest first. */
  /** Newest first; {@code userId} null means every user's. */
  List<Withdrawal> listByUser(String userId, int offset, int limit);

  /** As {@link #listByUser}, after {@code after} (null: from the newest) instead of an offset. */
  List<Withdrawal> listByUserAfter(String userId, Keyset after, int limit);
}
