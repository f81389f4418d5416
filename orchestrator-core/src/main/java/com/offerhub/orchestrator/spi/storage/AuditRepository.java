package com.offerhub.orchestrator.spi.storage;

import com.offerhub.orchestrator.model.AuditEntry;
import java.util.List;

/** The append-only audit log. */
public interface AuditRepository {
  void append(AuditEntry entry);

  /** Entries matching the query, newest first. */
  List<AuditEntry> query(AuditQuery query);

  /**
   * Entries matching the query (its offset ignored), newest first, after the entry
   * {@code afterEntryId} (null: from the newest; an unknown id: none), at most the query's limit.
   * A page deep in the log costs what the first one does.
   */
  List<AuditEntry> queryAfter(AuditQuery query, String afterEntryId);

  java.util.Optional<AuditEntry> find(String entryId);
}
