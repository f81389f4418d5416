package com.offerhub.orchestrator.model;

import java.util.Set;

/**
 * A state of an aggregate's state machine. Each implementing enum carries its own transition table
 * as data; {@link Transitions#require} is the one place that enforces it.
 */
public interface LifecycleState<S extends Enum<S> & LifecycleState<S>> {
  /** The states this one may move to; empty for a terminal state. */
  Set<S> successors();

  default boolean canMoveTo(S target) {
    return successors().contains(target);
  }

  default boolean isTerminal() {
    return successors().isEmpty();
  }
}
