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
}
