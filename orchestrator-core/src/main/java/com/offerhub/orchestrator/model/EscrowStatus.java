package com.offerhub.orchestrator.model;

import static java.util.Map.entry;

import java.util.Map;
import java.util.Set;

/** Local mirror of a Trustless Work escrow contract (spec/01 §6.2). FUNDING, RELEASING and REFUNDING are held while the corresponding transactions are in flight. */
public enum EscrowStatus implements LifecycleState<EscrowStatus> {
  CREATING, CREATED, FUNDING, FUNDED, RELEASING, RELEASED, REFUNDING, REFUNDED, DISPUTED;

  private static final Map<EscrowStatus, Set<EscrowStatus>> NEXT = Transitions.table(EscrowStatus.class,
      entry(CREATING, Set.of(CREATED)),
      entry(CREATED, Set.of(FUNDING, FUNDED)),
      entry(FUNDING, Set.of(FUNDED, CREATED)),
      entry(FUNDED, Set.of(RELEASING, REFUNDING, DISPUTED)),
      entry(RELEASING, Set.of(RELEASED, FUNDED)),
      // REFUNDING -> DISPUTED: the refund's dispute was confirmed on chain, its resolution failed for good.
      entry(REFUNDING, Set.of(REFUNDED, FUNDED, DISPUTED)),
      entry(DISPUTED, Set.of(RELEASED, REFUNDED)));

  @Override
  public Set<EscrowStatus> successors() {
    return NEXT.get(this);
  }
}
