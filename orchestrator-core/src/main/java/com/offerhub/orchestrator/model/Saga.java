package com.offerhub.orchestrator.model;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A durable multi-step on-chain flow for one subject (order or withdrawal). {@code data} holds the
 * few parameters the flow needs (e.g. distribution amounts). Stored and updated as a whole, with a
 * compare-and-set on {@code version} (the version this copy was read with).
 *
 * <p>While a runner drives the saga, {@code leaseOwner} names it and {@code nextAttemptAt} is when
 * its lease ends; another runner may take the saga over only after that, and a runner writes a
 * step only while it still holds the lease ({@code leaseOwner} null: nobody drives it).
 */
public record Saga(String id, SagaKind kind, String subjectId, SagaState state, List<SagaStep> steps,
    Map<String, String> data, String failure, Instant nextAttemptAt, Instant createdAt, Instant updatedAt,
    String leaseOwner, long version) implements Serializable {
  /** A saga nobody drives yet, at version 0. */
  public Saga(String id, SagaKind kind, String subjectId, SagaState state, List<SagaStep> steps,
      Map<String, String> data, String failure, Instant nextAttemptAt, Instant createdAt, Instant updatedAt) {
    this(id, kind, subjectId, state, steps, data, failure, nextAttemptAt, createdAt, updatedAt, null, 0);
  }

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
    return new Saga(id, kind, subjectId, state, copy, data, failure, nextAttemptAt, createdAt, now, leaseOwner,
        version);
  }

  /** The same saga carrying {@code newData}. */
  public Saga withData(Map<String, String> newData, Instant now) {
    return new Saga(id, kind, subjectId, state, steps, newData, failure, nextAttemptAt, createdAt, now, leaseOwner,
        version);
  }

  public Saga finish(SagaState end, String reason, Instant now) {
    return new Saga(id, kind, subjectId, end, steps, data, reason, nextAttemptAt, createdAt, now, null, version);
  }

  /** Keeps the current lease holder and moves the time it ends (or, with no holder, the next attempt). */
  public Saga retryAt(Instant when, Instant now) {
    return new Saga(id, kind, subjectId, state, steps, data, failure, when, createdAt, now, leaseOwner, version);
  }

  /** Leased to {@code owner} until {@code until}. */
  public Saga leasedTo(String owner, Instant until, Instant now) {
    return new Saga(id, kind, subjectId, state, steps, data, failure, until, createdAt, now, owner, version);
  }

  /** As a successful {@code SagaRepository.update} stores it: one version later. */
  public Saga nextVersion() {
    return new Saga(id, kind, subjectId, state, steps, data, failure, nextAttemptAt, createdAt, updatedAt, leaseOwner,
        version + 1);
  }

  /** Nobody drives it; due again at {@code when}. */
  public Saga unleased(Instant when, Instant now) {
    return new Saga(id, kind, subjectId, state, steps, data, failure, when, createdAt, now, null, version);
  }
}
