package com.offerhub.orchestrator.internal;

import com.offerhub.orchestrator.model.DomainEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers committed outbox events to live subscribers in sequence order. Pumped after every local
 * commit that wrote events, and by {@link #pump()} from a host-scheduled job for events committed by
 * other instances. Each subscriber starts from its own cursor, replayed from the outbox first.
 */
public final class EventDispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);
  /** Events read at a time. */
  private static final int BATCH = 500;
  private final EngineContext engine;
  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();

  public EventDispatcher(EngineContext engine) {
    this.engine = engine;
  }

  /** One subscriber: its cursor and listener; delivery to it is serialised by its lock. */
  public final class Subscriber implements AutoCloseable {
    private final Consumer<DomainEvent> listener;
    private final ReentrantLock lock = new ReentrantLock();
    private final java.util.concurrent.atomic.AtomicBoolean pending = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile long cursor;
    private volatile boolean closed;

    Subscriber(long after, Consumer<DomainEvent> listener) {
      this.cursor = after;
      this.listener = listener;
    }

    void deliver() {
      deliver(null);
    }

    /**
     * Delivers what is committed after the cursor: first from {@code shared} (the events after
     * every subscriber's cursor, read once for all of them) when it reaches back to this cursor,
     * then by reads of its own when there may be more. A pump that arrives while another delivers
     * makes that one read again for itself.
     */
    void deliver(List<DomainEvent> shared) {
      pending.set(true);
      List<DomainEvent> first = shared;
      while (!closed && pending.get() && lock.tryLock()) {
        try {
          pending.set(false);
          if (first != null && (first.isEmpty() || first.get(0).sequence() <= cursor + 1)) {
            send(first);
            if (first.size() == BATCH) {
              drain();
            }
          } else {
            drain();
          }
          first = null;
        } finally {
          lock.unlock();
        }
      }
    }

    private void drain() {
      while (!closed) {
        long from = cursor;
        List<DomainEvent> batch = engine.tx.read(scope -> scope.session.outbox().readAfter(from, BATCH));
        if (batch.isEmpty()) {
          return;
        }
        send(batch);
      }
    }

    /** The events of {@code batch} after the cursor, in order. */
    private void send(List<DomainEvent> batch) {
      for (DomainEvent event : batch) {
        if (closed) {
          return;
        }
        if (event.sequence() <= cursor) {
          continue;
        }
        try {
          listener.accept(event);
        } catch (RuntimeException e) {
          LOG.warn("event listener failed on {} #{}: {}", event.eventType(), event.sequence(), e.toString());
        }
        cursor = event.sequence();
      }
    }

    public long cursor() {
      return cursor;
    }

    @Override
    public void close() {
      closed = true;
      subscribers.remove(this);
    }
  }

  /** The lowest cursor among the live subscribers; empty when there is none. */
  public java.util.OptionalLong lowestCursor() {
    return subscribers.stream().mapToLong(Subscriber::cursor).min();
  }

  public Subscriber subscribe(long afterSequence, Consumer<DomainEvent> listener) {
    Subscriber subscriber = new Subscriber(afterSequence, listener);
    subscribers.add(subscriber);
    subscriber.deliver();
    return subscriber;
  }

  /**
   * Delivers whatever is committed and not yet delivered, to every subscriber: one read of the
   * events after the lowest cursor serves them all, however many they are.
   */
  public void pump() {
    if (subscribers.isEmpty()) {
      return;
    }
    long from = Long.MAX_VALUE;
    for (Subscriber subscriber : subscribers) {
      from = Math.min(from, subscriber.cursor());
    }
    long after = from;
    List<DomainEvent> shared = engine.tx.read(scope -> scope.session.outbox().readAfter(after, BATCH));
    for (Subscriber subscriber : subscribers) {
      subscriber.deliver(shared);
    }
  }
}
