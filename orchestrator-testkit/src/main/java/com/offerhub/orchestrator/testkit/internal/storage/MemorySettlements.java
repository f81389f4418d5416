package com.offerhub.orchestrator.testkit.internal.storage;

import com.offerhub.orchestrator.spi.storage.SettlementRepository;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The settlement queue of one {@link MemoryTransaction}: an entry per payment, claimed by moving
 * its due time to the end of a lease.
 */
final class MemorySettlements implements SettlementRepository {
  private final TableView<Entry> rows;

  MemorySettlements(MemoryTransaction tx) {
    this.rows = new TableView<>(tx, tx.db.settlements);
  }

  @Override
  public void add(String paymentId, Kind kind, Instant dueAt) {
    rows.insert(new Entry(paymentId, kind, dueAt, 0));
  }

  @Override
  public List<Entry> listDue(Instant now, int limit) {
    return Pages.page(rows.scan().filter(e -> !e.dueAt().isAfter(now)), Comparator.comparing(Entry::dueAt)
        .thenComparing(Entry::paymentId), 0, limit);
  }

  @Override
  public boolean claim(String paymentId, Instant now, Instant leaseUntil) {
    Optional<Entry> current = rows.lock(paymentId).filter(e -> !e.dueAt().isAfter(now));
    current.ifPresent(e -> rows.update(new Entry(paymentId, e.kind(), leaseUntil, e.attempts())));
    return current.isPresent();
  }

  @Override
  public boolean reschedule(String paymentId, Instant leaseUntil, Instant dueAt, int attempts) {
    Optional<Entry> current = rows.lock(paymentId).filter(e -> e.dueAt().equals(leaseUntil));
    current.ifPresent(e -> rows.update(new Entry(paymentId, e.kind(), dueAt, attempts)));
    return current.isPresent();
  }

  @Override
  public void remove(String paymentId) {
    if (rows.lock(paymentId).isPresent()) {
      rows.delete(paymentId);
    }
  }
}
