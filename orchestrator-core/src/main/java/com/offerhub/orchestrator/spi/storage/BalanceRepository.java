package com.offerhub.orchestrator.spi.storage;

import com.offerhub.orchestrator.model.Balance;
import com.offerhub.orchestrator.model.Money;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  /** One user's deltas for {@link #adjustAll}. */
  record Adjustment(String userId, Money availableDelta, Money reservedDelta) {}

  /**
   * Several users' deltas (distinct users), each as {@link #adjust} would apply it; a storage may
   * send them as one statement. Returns the new balances by user id; a refused one is absent, and
   * the caller must then abandon the transaction (the others may have changed). The default
   * adjusts them one by one, in the given order.
   */
  default Map<String, Balance> adjustAll(List<Adjustment> adjustments, Instant now) {
    Map<String, Balance> after = new LinkedHashMap<>();
    for (Adjustment a : adjustments) {
      adjust(a.userId(), a.availableDelta(), a.reservedDelta(), now).ifPresent(b -> after.put(a.userId(), b));
    }
    return after;
  }
}
