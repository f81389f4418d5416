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
 *
 * <p>Reads include the events of every command this instance committed before the call, even
 * where the storage numbers events just after commit: they wait for those numbers (at most
 * {@link #SEQUENCING_WAIT}). Events committed on other instances arrive as soon as they are numbered.
 */
public final class EventOperations {
  /** How long a read waits for this instance's committed events to be numbered before it answers anyway. */
  public static final java.time.Duration SEQUENCING_WAIT = java.time.Duration.ofSeconds(5);
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
    engine.storage.awaitSequenced(SEQUENCING_WAIT);
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
    engine.storage.awaitSequenced(SEQUENCING_WAIT);
    return engine.tx.read(scope -> scope.session.outbox().readAfter(afterSequence, limit));
  }

  /** The highest sequence given so far (after this instance's committed events got theirs). */
  public long lastSequence() {
    engine.storage.awaitSequenced(SEQUENCING_WAIT);
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
