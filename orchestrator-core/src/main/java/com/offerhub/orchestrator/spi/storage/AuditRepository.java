package com.offerhub.orchestrator.spi.storage;

import com.offerhub.orchestrator.model.AuditEntry;
import java.util.List;

/** The append-only audit log. */
public interface AuditRepository {
  void append(AuditEntry entry);

  /** Entries matching the query, newest first. */
  List<AuditEntry> query(AuditQuery query);
}
