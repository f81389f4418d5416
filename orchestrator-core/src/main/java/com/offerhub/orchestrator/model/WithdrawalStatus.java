package com.offerhub.orchestrator.model;

import static java.util.Map.entry;

import java.util.Map;
import java.util.Set;

/** Withdrawal states (spec/01 §6.6). A crypto withdrawal moves CREATED to PENDING when its payment is signed and stored, then to COMPLETED or FAILED. */
public enum WithdrawalStatus implements LifecycleState<WithdrawalStatus> {
  WITHDRAWAL_CREATED, WITHDRAWAL_COMMITTED, WITHDRAWAL_PENDING, WITHDRAWAL_PENDING_USER_ACTION,
  WITHDRAWAL_COMPLETED, WITHDRAWAL_FAILED, WITHDRAWAL_CANCELED;

  // Fiat payouts follow the provider, which may skip states (spec/06 §6.3): COMMITTED is recorded
  // before the provider is asked to commit, and any non-final state may end in any final one.
  private static final Map<WithdrawalStatus, Set<WithdrawalStatus>> NEXT = Transitions.table(WithdrawalStatus.class,
      entry(WITHDRAWAL_CREATED, Set.of(WITHDRAWAL_COMMITTED, WITHDRAWAL_PENDING, WITHDRAWAL_FAILED, WITHDRAWAL_CANCELED)),
      entry(WITHDRAWAL_COMMITTED, Set.of(WITHDRAWAL_PENDING, WITHDRAWAL_PENDING_USER_ACTION, WITHDRAWAL_COMPLETED,
          WITHDRAWAL_FAILED, WITHDRAWAL_CANCELED)),
      entry(WITHDRAWAL_PENDING, Set.of(WITHDRAWAL_PENDING_USER_ACTION, WITHDRAWAL_COMPLETED, WITHDRAWAL_FAILED,
          WITHDRAWAL_CANCELED)),
      entry(WITHDRAWAL_PENDING_USER_ACTION, Set.of(WITHDRAWAL_PENDING, WITHDRAWAL_COMPLETED, WITHDRAWAL_FAILED,
          WITHDRAWAL_CANCELED)));

  @Override
  public Set<WithdrawalStatus> successors() {
    return NEXT.get(this);
  }
}
