package com.offerhub.orchestrator.model;

import static java.util.Map.entry;

import java.util.Map;
import java.util.Set;

/** Milestone states (spec/01 §6.4). */
public enum MilestoneStatus implements LifecycleState<MilestoneStatus> {
  OPEN, COMPLETED;

  private static final Map<MilestoneStatus, Set<MilestoneStatus>> NEXT = Transitions.table(MilestoneStatus.class,
      entry(OPEN, Set.of(COMPLETED)));

  @Override
  public Set<MilestoneStatus> successors() {
    return NEXT.get(this);
  }
}
