package com.offerhub.orchestrator;

import com.offerhub.orchestrator.internal.Check;
import com.offerhub.orchestrator.internal.EngineContext;
import com.offerhub.orchestrator.internal.Payloads;
import com.offerhub.orchestrator.internal.SagaRunner;
import com.offerhub.orchestrator.model.Saga;
import com.offerhub.orchestrator.model.SagaState;
import com.offerhub.orchestrator.spi.storage.Keyset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The durable on-chain flows, for operators: list and read them, and retry a pending one now
 * instead of at its next scheduled attempt. A saga that has ended (COMPLETED or FAILED) is never run
 * again: its effects are booked, and running it twice could move money twice.
 *
 * <p>Thread-safe; {@link #retry} is safe to call on several instances at once (one of them drives
 * the saga, the others read it as stored).
 */
public final class SagaOperations {
  private final EngineContext engine;
  private final RequestContext ctx;
  private final SagaRunner runner;

  SagaOperations(EngineContext engine, RequestContext ctx, SagaRunner runner) {
    this.engine = engine;
    this.ctx = ctx;
    this.runner = runner;
  }

  /**
   * Sagas newest first ({@code createdAt}, then id, descending), in {@code state} (null: any), after
   * {@code after} (null: from the newest).
   */
  public List<Saga> list(SagaState state, Keyset after, int limit) {
    Check.limit(limit);
    return engine.tx.read(scope -> scope.session.sagas().listAfter(state, after, limit));
  }

  public Optional<Saga> find(String sagaId) {
    Check.id("sagaId", sagaId);
    return engine.tx.read(scope -> scope.session.sagas().find(sagaId));
  }

  /** The saga; {@link ErrorCode#SAGA_NOT_FOUND} if there is none. */
  public Saga get(String sagaId) {
    return find(sagaId).orElseThrow(() -> notFound(sagaId));
  }

  /**
   * Makes a PENDING saga due now and drives it once, as the background job would (for up to the
   * configured {@code syncWait}); returns the saga as stored afterwards, pending or ended. A saga a
   * runner is driving right now (its lease has not run out) is left to that runner. An ended saga
   * is refused with {@link ErrorCode#SAGA_NOT_PENDING} and not touched; an unknown one with
   * {@link ErrorCode#SAGA_NOT_FOUND}. The retry is audited ({@code SAGA_RETRY}).
   */
  public Saga retry(String sagaId) {
    Check.id("sagaId", sagaId);
    engine.tx.write(ctx, scope -> {
      Saga saga = scope.session.sagas().find(sagaId).orElseThrow(() -> notFound(sagaId));
      if (saga.state().isTerminal()) {
        throw new OrchestratorException(ErrorCode.SAGA_NOT_PENDING, "Saga " + sagaId + " is " + saga.state()
            + " and is never run again", Map.of("state", saga.state().name()));
      }
      boolean driven = saga.leaseOwner() != null && saga.nextAttemptAt().isAfter(scope.now);
      // a compare-and-set: a runner that claimed the saga since it was read keeps it, and the audit says so
      boolean madeDue = !driven && saga.nextAttemptAt().isAfter(scope.now)
          && scope.session.sagas().update(saga.unleased(scope.now, scope.now));
      scope.audit("SAGA_RETRY", "saga", sagaId, null, Payloads.audit("nextAttemptAt", saga.nextAttemptAt()),
          Payloads.audit("nextAttemptAt", madeDue ? scope.now : saga.nextAttemptAt()));
      return null;
    });
    return runner.drive(sagaId, System.nanoTime() + engine.config.syncWait().toNanos());
  }

  static OrchestratorException notFound(String sagaId) {
    return new OrchestratorException(ErrorCode.SAGA_NOT_FOUND, "Saga " + sagaId + " not found");
  }
}
