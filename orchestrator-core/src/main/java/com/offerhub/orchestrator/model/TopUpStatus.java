package com.offerhub.orchestrator.model;

import static java.util.Map.entry;

import java.util.Map;
import java.util.Set;

/** Fiat top-up states (spec/01 §6.5). */
public enum TopUpStatus implements LifecycleState<TopUpStatus> {
  TOPUP_CREATED, TOPUP_AWAITING_USER_CONFIRMATION, TOPUP_PROCESSING, TOPUP_SUCCEEDED, TOPUP_FAILED,
  TOPUP_CANCELED;

  private static final Map<TopUpStatus, Set<TopUpStatus>> NEXT = Transitions.table(TopUpStatus.class,
      // CANCELED from CREATED: a pay-in whose create answer was lost, then canceled or expired at the provider.
      entry(TOPUP_CREATED, Set.of(TOPUP_AWAITING_USER_CONFIRMATION, TOPUP_PROCESSING, TOPUP_FAILED, TOPUP_CANCELED)),
      entry(TOPUP_AWAITING_USER_CONFIRMATION, Set.of(TOPUP_PROCESSING, TOPUP_CANCELED, TOPUP_FAILED)),
      entry(TOPUP_PROCESSING, Set.of(TOPUP_SUCCEEDED, TOPUP_FAILED)));

  @Override
  public Set<TopUpStatus> successors() {
    return NEXT.get(this);
  }
}
