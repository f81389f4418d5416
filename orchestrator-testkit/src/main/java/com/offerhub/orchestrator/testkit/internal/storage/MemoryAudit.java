package com.offerhub.orchestrator.testkit.internal.storage;

import com.offerhub.orchestrator.model.AuditEntry;
import com.offerhub.orchestrator.spi.storage.AuditQuery;
import com.offerhub.orchestrator.spi.storage.AuditRepository;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The audit log of one {@link MemoryTransaction}: its entries stay private until {@link #publish}
 * appends them at commit. Queries list newest first; among entries of the same time, the one
 * appended last comes first.
 */
final class MemoryAudit implements AuditRepository {
  private static final Comparator<AuditEntry> NEWEST_FIRST = Comparator.comparing(AuditEntry::occurredAt).reversed();
  private final MemoryTransaction tx;
  private final MemoryDatabase db;
  private final List<AuditEntry> pending = new ArrayList<>();

  MemoryAudit(MemoryTransaction tx) {
    this.tx = tx;
    this.db = tx.db;
  }

  @Override
  public void append(AuditEntry entry) {
    tx.writable();
    pending.add(entry);
  }

  @Override
  public List<AuditEntry> query(AuditQuery q) {
    tx.check();
    return lastAppendedFirst().stream().filter(matching(q)).sorted(NEWEST_FIRST).skip(q.offset()).limit(q.limit())
        .toList();
  }

  @Override
  public List<AuditEntry> queryAfter(AuditQuery q, String afterEntryId) {
    tx.check();
    List<AuditEntry> log = lastAppendedFirst().stream().sorted(NEWEST_FIRST).toList();
    return Pages.after(log, AuditEntry::id, afterEntryId).filter(matching(q)).limit(q.limit()).toList();
  }

  @Override
  public Optional<AuditEntry> find(String entryId) {
    tx.check();
    return log().stream().filter(e -> e.id().equals(entryId)).findFirst();
  }

  /** Appends this transaction's entries to the database; called under the commit lock. */
  void publish() {
    db.audit.addAll(pending);
  }

  /** The committed log followed by this transaction's entries, in append order. */
  private List<AuditEntry> log() {
    List<AuditEntry> all = db.copy(db.audit);
    all.addAll(pending);
    return all;
  }

  /** The log in reverse append order; a stable sort by time keeps that order among equal times. */
  private List<AuditEntry> lastAppendedFirst() {
    List<AuditEntry> all = log();
    Collections.reverse(all);
    return all;
  }

  private static Predicate<AuditEntry> matching(AuditQuery q) {
    return e -> (q.resourceType() == null || q.resourceType().equals(e.resourceType()))
        && (q.resourceId() == null || q.resourceId().equals(e.resourceId()))
        && (q.userId() == null || q.userId().equals(e.userId()))
        && (q.action() == null || q.action().equals(e.action()))
        && (q.from() == null || !e.occurredAt().isBefore(q.from()))
        && (q.to() == null || e.occurredAt().isBefore(q.to()));
  }
}
