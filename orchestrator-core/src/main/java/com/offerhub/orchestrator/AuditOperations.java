package com.offerhub.orchestrator;

import com.offerhub.orchestrator.internal.Check;
import com.offerhub.orchestrator.internal.EngineContext;
import com.offerhub.orchestrator.model.AuditEntry;
import com.offerhub.orchestrator.spi.storage.AuditQuery;
import java.util.List;

/** Reads the append-only audit log. Thread-safe. */
public final class AuditOperations {
  private final EngineContext engine;

  AuditOperations(EngineContext engine) {
    this.engine = engine;
  }

  public List<AuditEntry> query(AuditQuery query) {
    Check.notNull("query", query);
    return engine.tx.read(scope -> scope.session.audit().query(query));
  }

  /**
   * Entries matching {@code query} (its offset ignored), newest first, after the entry
   * {@code afterEntryId} (null: from the newest; an unknown id: none).
   */
  public List<AuditEntry> queryAfter(AuditQuery query, String afterEntryId) {
    Check.notNull("query", query);
    return engine.tx.read(scope -> scope.session.audit().queryAfter(query, afterEntryId));
  }

  public java.util.Optional<AuditEntry> find(String entryId) {
    Check.text("entryId", entryId, Check.MAX_ID);
    return engine.tx.read(scope -> scope.session.audit().find(entryId));
  }
}
