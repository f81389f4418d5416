package com.offerhub.orchestrator.model;

import static java.util.Map.entry;

import java.util.Map;
import java.util.Set;

/** Dispute states (spec/01 §6.3): assign before resolve. */
public enum DisputeStatus implements LifecycleState<DisputeStatus> {
  OPEN, UNDER_REVIEW, RESOLVED;

  private static final Map<DisputeStatus, Set<DisputeStatus>> NEXT = Transitions.table(DisputeStatus.class,
      entry(OPEN, Set.of(UNDER_REVIEW)),
      entry(UNDER_REVIEW, Set.of(RESOLVED)));

  @Override
  public Set<DisputeStatus> successors() {
    return NEXT.get(this);
  }
}
