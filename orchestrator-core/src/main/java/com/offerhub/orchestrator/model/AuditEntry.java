package com.offerhub.orchestrator.model;

import java.io.Serializable;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/** An append-only audit row (spec/01 §3.11); payload maps hold plain strings, never secrets. */
public record AuditEntry(String id, Instant occurredAt, String marketplaceId, String userId, String action,
    String resourceType, String resourceId, Map<String, String> before, Map<String, String> after, String actorType,
    String actorId, String result, String error, String idempotencyKey) implements Serializable {
  public AuditEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(marketplaceId, "marketplaceId");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(resourceType, "resourceType");
    Objects.requireNonNull(resourceId, "resourceId");
    before = Map.copyOf(before);
    after = Map.copyOf(after);
  }
}
