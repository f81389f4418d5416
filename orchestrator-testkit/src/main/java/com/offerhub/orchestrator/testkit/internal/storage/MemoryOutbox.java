package com.offerhub.orchestrator.testkit.internal.storage;

import com.offerhub.orchestrator.model.DomainEvent;
import com.offerhub.orchestrator.spi.storage.OutboxRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The outbox of one {@link MemoryTransaction}: its events get their sequences at commit
 * ({@link #publish}, under the commit lock), so sequences are gap-free and in commit order.
 */
final class MemoryOutbox implements OutboxRepository {
  private final MemoryTransaction tx;
  private final MemoryDatabase db;
  private final List<DomainEvent> pending = new ArrayList<>();

  MemoryOutbox(MemoryTransaction tx) {
    this.tx = tx;
    this.db = tx.db;
  }

  @Override
  public void append(DomainEvent event) {
    tx.writable();
    pending.add(event);
  }

  @Override
  public List<DomainEvent> readAfter(long afterSequence, int limit) {
    tx.check();
    return db.outbox.tailMap(afterSequence, false).values().stream().limit(limit).toList();
  }

  @Override
  public long lastSequence() {
    tx.check();
    return db.lastSequence;
  }

  @Override
  public long firstRetainedSequence() {
    tx.check();
    var first = db.outbox.firstEntry();
    return first == null ? db.lastSequence + 1 : first.getKey();
  }

  @Override
  public int deleteBefore(Instant cutoff) {
    tx.writable();
    return db.withoutCommits(() -> {
      int removed = 0;
      while (!db.outbox.isEmpty() && db.outbox.firstEntry().getValue().occurredAt().isBefore(cutoff)) {
        db.outbox.pollFirstEntry();
        removed++;
      }
      return removed;
    });
  }

  /** Events are numbered at commit: none is ever committed without its number. */
  @Override
  public Backlog unnumbered() {
    tx.check();
    return Backlog.NONE;
  }

  /** Numbers this transaction's events after the last committed one; called under the commit lock. */
  void publish() {
    for (DomainEvent event : pending) {
      long sequence = db.lastSequence + 1;
      db.outbox.put(sequence, event.withSequence(sequence));
      db.lastSequence = sequence;
    }
  }

  /** Whether this transaction appended events. */
  boolean hasEvents() {
    return !pending.isEmpty();
  }
}
