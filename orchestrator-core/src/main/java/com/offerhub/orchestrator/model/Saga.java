package com.offerhub.orchestrator.model;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A durable multi-step on-chain flow for one subject (order or withdrawal). {@code data} holds the
 * few parameters the flow needs (e.g. distribution amounts). Stored and updated as a whole.
 */
public record Saga(String id, SagaKind kind, String subjectId, SagaState state, List<SagaStep> steps,
    Map<String, String> data, String failure, Instant nextAttemptAt, Instant createdAt, Instant updatedAt)
    implements Serializable {
  public Saga {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(subjectId, "subjectId");
    Objects.requireNonNull(state, "state");
    steps = List.copyOf(steps);
    data = Map.copyOf(data);
    Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /** The first step that is not CONFIRMED, or null when all are. */
  public SagaStep currentStep() {
    for (SagaStep step : steps) {
      if (step.state() != StepState.CONFIRMED) {
        return step;
      }
    }
    return null;
  }

  public boolean anyConfirmed() {
    return steps.stream().anyMatch(s -> s.state() == StepState.CONFIRMED);
  }

  public Saga withStep(SagaStep step, Instant now) {
    List<SagaStep> copy = new ArrayList<>(steps);
    copy.set(step.index(), step);
    return new Saga(id, kind, subjectId, state, copy, data, failure, nextAttemptAt, createdAt, now);
  }

  public Saga finish(SagaState end, String reason, Instant now) {
    return new Saga(id, kind, subjectId, end, steps, data, reason, nextAttemptAt, createdAt, now);
  }

  public Saga retryAt(Instant when, Instant now) {
    return new Saga(id, kind, subjectId, state, steps, data, failure, when, createdAt, now);
  }
}
