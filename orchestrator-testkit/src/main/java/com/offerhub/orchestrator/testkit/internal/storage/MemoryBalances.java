package com.offerhub.orchestrator.testkit.internal.storage;

import com.offerhub.orchestrator.model.Balance;
import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.spi.storage.BalanceRepository;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Optional;

/**
 * The balances of one {@link MemoryTransaction}, one row per user. An adjustment is computed
 * exactly and refused when a side would go negative or the total leave the 64-bit range.
 */
final class MemoryBalances implements BalanceRepository {
  private final TableView<Balance> rows;

  MemoryBalances(MemoryTransaction tx) {
    this.rows = new TableView<>(tx, tx.db.balances);
  }

  @Override
  public void create(String userId, Instant now) {
    rows.lockKey(userId);
    if (rows.find(userId).isEmpty()) {
      rows.put(userId, Balance.zero(userId, now));
    }
  }

  @Override
  public Optional<Balance> find(String userId) {
    return rows.find(userId);
  }

  @Override
  public Optional<Balance> adjust(String userId, Money availableDelta, Money reservedDelta, Instant now) {
    Optional<Balance> current = rows.lock(userId);
    if (current.isEmpty()) {
      return Optional.empty();
    }
    BigInteger available = BigInteger.valueOf(current.get().available().stroops())
        .add(BigInteger.valueOf(availableDelta.stroops()));
    BigInteger reserved = BigInteger.valueOf(current.get().reserved().stroops())
        .add(BigInteger.valueOf(reservedDelta.stroops()));
    if (available.signum() < 0 || reserved.signum() < 0
        || available.add(reserved).compareTo(BigInteger.valueOf(Long.MAX_VALUE)) > 0) {
      return Optional.empty();
    }
    Balance next = new Balance(userId, Money.ofStroops(available.longValueExact()),
        Money.ofStroops(reserved.longValueExact()), current.get().currency(), now);
    rows.put(userId, next);
    return Optional.of(next);
  }
}
