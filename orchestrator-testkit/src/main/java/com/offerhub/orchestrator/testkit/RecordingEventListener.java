package com.offerhub.orchestrator.testkit;

import com.offerhub.orchestrator.model.DomainEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Records delivered events for assertions, with a bounded wait for an expected event. Use as the
 * listener of {@code engine.events().subscribe(...)}. Thread-safe.
 */
public final class RecordingEventListener implements Consumer<DomainEvent> {
  private final List<DomainEvent> events = new ArrayList<>();

  @Override
  public synchronized void accept(DomainEvent event) {
    events.add(event);
    notifyAll();
  }

  public synchronized List<DomainEvent> events() {
    return List.copyOf(events);
  }

  /** Event types in delivery order. */
  public synchronized List<String> types() {
    return events.stream().map(DomainEvent::eventType).toList();
  }

  /** Waits up to {@code timeout} for an event matching {@code match}; throws AssertionError otherwise. */
  public synchronized DomainEvent await(Predicate<DomainEvent> match, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (DomainEvent event : events) {
        if (match.test(event)) {
          return event;
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no matching event within " + timeout + "; got " + types());
      }
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for an event", e);
      }
    }
  }

  public synchronized void clear() {
    events.clear();
  }
}
