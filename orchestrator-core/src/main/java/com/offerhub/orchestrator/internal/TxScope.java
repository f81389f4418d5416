package com.offerhub.orchestrator.internal;

import com.offerhub.orchestrator.RequestContext;
import com.offerhub.orchestrator.model.AuditEntry;
import com.offerhub.orchestrator.model.DomainEvent;
import com.offerhub.orchestrator.spi.storage.StorageSession;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One command's transaction: the session, the command's clock reading, and helpers that write
 * audit rows, outbox events and ledger postings into it.
 */
public final class TxScope {
  public final EngineContext engine;
  public final StorageSession session;
  public final RequestContext ctx;
  public final Instant now;
  private Books books;

  TxScope(EngineContext engine, StorageSession session, RequestContext ctx) {
    this.engine = engine;
    this.session = session;
    this.ctx = ctx;
    this.now = engine.now();
  }

  public Books books() {
    if (books == null) {
      books = new Books(this);
    }
    return books;
  }

  /** Appends an event to the outbox; {@code userId} goes into its metadata when not null. */
  public void event(String type, String aggregateType, String aggregateId, String userId,
      Map<String, Object> payload) {
    Map<String, String> metadata = new HashMap<>();
    if (userId != null) {
      metadata.put("userId", userId);
    }
    if (ctx.correlationId() != null) {
      metadata.put("correlationId", ctx.correlationId());
    }
    if (!"system".equals(ctx.principal())) {
      metadata.put("actorId", ctx.principal());
    }
    Map<String, Object> clean = new LinkedHashMap<>();
    payload.forEach((k, v) -> {
      if (v != null) {
        clean.put(k, v);
      }
    });
    session.outbox().append(new DomainEvent(0, eventId(), type, now, aggregateId, aggregateType, clean, metadata));
  }

  /** Appends an audit row for a state change. */
  public void audit(String action, String resourceType, String resourceId, String userId,
      Map<String, String> before, Map<String, String> after) {
    audit(action, resourceType, resourceId, userId, before, after, "SUCCESS", null);
  }

  public void audit(String action, String resourceType, String resourceId, String userId,
      Map<String, String> before, Map<String, String> after, String result, String error) {
    String actorType = "system".equals(ctx.principal()) ? "system" : "api_key";
    session.audit().append(new AuditEntry(engine.ids.next("aud_"), now, "system", userId, action, resourceType,
        resourceId, before, after, actorType, ctx.principal(), result, error, ctx.idempotencyKey()));
  }

  private String eventId() {
    return engine.ids.next("evt_");
  }
}
