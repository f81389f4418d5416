package com.offerhub.orchestrator;

import com.offerhub.orchestrator.internal.Check;
import com.offerhub.orchestrator.internal.EngineContext;
import com.offerhub.orchestrator.internal.EventDispatcher;
import com.offerhub.orchestrator.model.DomainEvent;
import java.util.List;
import java.util.function.Consumer;

/**
 * The event stream (ARCHITECTURE rule 7): every event has a gap-free sequence in commit order; a
 * subscriber starting after sequence N receives exactly the events after N, replayed from the
 * outbox and then live, in order. Listeners must be fast and must not block. Thread-safe.
 */
public final class EventOperations {
  private final EngineContext engine;
  private final EventDispatcher dispatcher;

  EventOperations(EngineContext engine, EventDispatcher dispatcher) {
    this.engine = engine;
    this.dispatcher = dispatcher;
  }

  /** A live subscription; {@link #close()} stops delivery. */
  public interface Subscription extends AutoCloseable {
    /** Sequence of the last event delivered. */
    long cursor();

    @Override
    void close();
  }

  public Subscription subscribe(long afterSequence, Consumer<DomainEvent> listener) {
    Check.notNull("listener", listener);
    if (afterSequence < 0) {
      throw OrchestratorException.validation("afterSequence must be >= 0");
    }
    EventDispatcher.Subscriber subscriber = dispatcher.subscribe(afterSequence, listener);
    return new Subscription() {
      @Override
      public long cursor() {
        return subscriber.cursor();
      }

      @Override
      public void close() {
        subscriber.close();
      }
    };
  }

  /** Committed events after {@code afterSequence}, at most {@code limit} (1..1000). */
  public List<DomainEvent> readAfter(long afterSequence, int limit) {
    if (limit < 1 || limit > 1000) {
      throw OrchestratorException.validation("limit must be 1..1000");
    }
    return engine.tx.read(scope -> scope.session.outbox().readAfter(afterSequence, limit));
  }

  public long lastSequence() {
    return engine.tx.read(scope -> scope.session.outbox().lastSequence());
  }

  /** Lowest sequence still retained; a cursor below {@code firstRetainedSequence() - 1} is stale. */
  public long firstRetainedSequence() {
    return engine.tx.read(scope -> scope.session.outbox().firstRetainedSequence());
  }

  /** Delivers events committed by other instances to local subscribers. */
  public void poll() {
    dispatcher.pump();
  }
}
