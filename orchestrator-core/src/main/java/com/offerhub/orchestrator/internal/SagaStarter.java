package com.offerhub.orchestrator.internal;

import com.offerhub.orchestrator.ErrorCode;
import com.offerhub.orchestrator.OrchestratorException;
import com.offerhub.orchestrator.RequestContext;
import com.offerhub.orchestrator.model.Saga;
import com.offerhub.orchestrator.model.SagaKind;
import com.offerhub.orchestrator.model.SagaState;
import com.offerhub.orchestrator.model.SagaStep;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Starts a saga inside a command's transaction and, after commit, drives it for up to the
 * configured wait. The idempotency record stores a {@link Ticket}; every caller with the same key
 * (the first one and any replay) then waits for the same saga and reads the same outcome.
 */
public final class SagaStarter {
  private final EngineContext engine;
  private final SagaRunner runner;

  public SagaStarter(EngineContext engine, SagaRunner runner) {
    this.engine = engine;
    this.runner = runner;
  }

  /** What a saga-starting command stores as its idempotent result. */
  public record Ticket(String sagaId) implements Serializable {}

  /** Inserts a new PENDING saga due now; returns its ticket. */
  public Ticket start(TxScope scope, SagaKind kind, String subjectId, List<SagaStep> steps, Map<String, String> data) {
    Saga saga = new Saga(engine.ids.next("sga_"), kind, subjectId, SagaState.PENDING, steps, data, null, scope.now,
        scope.now, scope.now);
    scope.session.sagas().insert(saga);
    return new Ticket(saga.id());
  }

  /**
   * Runs the command, drives its saga, and maps the outcome: {@code onDone} reads the result for a
   * completed or still pending saga; a failed saga raises {@code failureCode} with its reason.
   */
  public <R> R run(RequestContext ctx, String command, Object request, Function<TxScope, Ticket> work,
      ErrorCode failureCode, java.util.function.BiFunction<TxScope, Saga, R> onDone) {
    return engine.observer.command(command, () -> runUnobserved(ctx, command, request, work, failureCode, onDone));
  }

  private <R> R runUnobserved(RequestContext ctx, String command, Object request, Function<TxScope, Ticket> work,
      ErrorCode failureCode, java.util.function.BiFunction<TxScope, Saga, R> onDone) {
    Ticket ticket = engine.tx.unobserved(ctx, command, request, work::apply).result();
    long deadline = System.nanoTime() + engine.config.syncWait().toNanos();
    Saga saga = runner.drive(ticket.sagaId(), deadline);
    if (saga.state() == SagaState.PENDING) {
      saga = awaitOther(ticket.sagaId(), deadline);
    }
    if (saga.state() == SagaState.FAILED) {
      throw new OrchestratorException(failureCode, failureMessage(failureCode, saga.failure()),
          Map.of("reason", saga.failure() == null ? "unknown" : saga.failure()));
    }
    Saga finished = saga;
    return engine.tx.read(scope -> onDone.apply(scope, finished));
  }

  /** Another runner holds the saga (a concurrent duplicate): poll until it ends or the wait passes. */
  private Saga awaitOther(String sagaId, long deadline) {
    Saga saga = runner.load(sagaId);
    while (saga.state() == SagaState.PENDING && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      saga = runner.load(sagaId);
    }
    return saga;
  }

  private static String failureMessage(ErrorCode code, String reason) {
    return switch (code) {
      case ESCROW_FUNDING_FAILED -> "Escrow funding failed: " + reason;
      case STELLAR_NETWORK_ERROR -> "Withdrawal payment failed: " + reason;
      default -> "The escrow provider refused the operation: " + reason;
    };
  }
}
