package com.offerhub.orchestrator;

import com.offerhub.orchestrator.model.Saga;
import com.offerhub.orchestrator.model.SagaStep;
import com.offerhub.orchestrator.model.StepState;

/**
 * Called by the saga runner before it persists each step transition; a test throws from it to stop
 * the runner at that point as a crash would ({@link OrchestratorEngine#setSagaStepHook}). Not for
 * production use.
 */
@FunctionalInterface
public interface SagaStepHook {
  /** Does nothing. */
  SagaStepHook NONE = (saga, step, next) -> { };

  void beforePersist(Saga saga, SagaStep step, StepState next);
}
