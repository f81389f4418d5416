package com.offerhub.orchestrator.spi.storage;

import com.offerhub.orchestrator.model.Balance;
import com.offerhub.orchestrator.model.Money;
import java.time.Instant;
import java.util.Optional;

/**
 * The balance projection. Only the engine's ledger calls {@link #adjust}, in the transaction that
 * appends the matching posting.
 */
public interface BalanceRepository {
  /** Inserts a zero balance; a no-op when the user already has one. */
  void create(String userId, Instant now);

  Optional<Balance> find(String userId);

  /**
   * Adds the deltas in one conditional statement; returns the new balance, or empty (nothing
   * changed) when either field would become negative, their total would exceed
   * {@link Long#MAX_VALUE} stroops, or the row does not exist. Never overflows.
   */
  Optional<Balance> adjust(String userId, Money availableDelta, Money reservedDelta, Instant now);
}
