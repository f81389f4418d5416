package com.offerhub.orchestrator.model;

import static java.util.Map.entry;

import java.util.Map;
import java.util.Set;

/** Order states (spec/01 §6.1). The intermediate *_REQUESTED states are held while on-chain work is in flight; a definitive failure of its first transaction returns the order to where it came from. */
public enum OrderStatus implements LifecycleState<OrderStatus> {
  ORDER_CREATED, FUNDS_RESERVED, ESCROW_CREATING, ESCROW_FUNDING, ESCROW_FUNDED, IN_PROGRESS,
  RELEASE_REQUESTED, RELEASED, REFUND_REQUESTED, REFUNDED, DISPUTED, CLOSED;

  private static final Map<OrderStatus, Set<OrderStatus>> NEXT = Transitions.table(OrderStatus.class,
      entry(ORDER_CREATED, Set.of(FUNDS_RESERVED, CLOSED)),
      entry(FUNDS_RESERVED, Set.of(ESCROW_CREATING, CLOSED)),
      entry(ESCROW_CREATING, Set.of(ESCROW_FUNDING, FUNDS_RESERVED)),
      entry(ESCROW_FUNDING, Set.of(ESCROW_FUNDED, IN_PROGRESS)),
      entry(ESCROW_FUNDED, Set.of(IN_PROGRESS)),
      entry(IN_PROGRESS, Set.of(RELEASE_REQUESTED, REFUND_REQUESTED, DISPUTED)),
      entry(RELEASE_REQUESTED, Set.of(RELEASED, IN_PROGRESS, DISPUTED)),
      entry(REFUND_REQUESTED, Set.of(REFUNDED, IN_PROGRESS, DISPUTED)),
      entry(DISPUTED, Set.of(RELEASE_REQUESTED, REFUND_REQUESTED, RELEASED, REFUNDED)),
      entry(RELEASED, Set.of(CLOSED)),
      entry(REFUNDED, Set.of(CLOSED)));

  @Override
  public Set<OrderStatus> successors() {
    return NEXT.get(this);
  }
}
