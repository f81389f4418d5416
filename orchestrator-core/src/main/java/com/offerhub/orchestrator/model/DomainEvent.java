package com.offerhub.orchestrator.model;

import java.io.Serializable;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A domain event (spec/03 §1) plus its outbox {@code sequence}: gap-free, assigned in commit order,
 * the SSE id and replay cursor. Before commit the sequence is 0. Payload values are strings,
 * booleans, or lists of strings.
 */
public record DomainEvent(long sequence, String eventId, String eventType, Instant occurredAt, String aggregateId,
    String aggregateType, Map<String, Object> payload, Map<String, String> metadata) implements Serializable {
  public DomainEvent {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(eventType, "eventType");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(aggregateId, "aggregateId");
    Objects.requireNonNull(aggregateType, "aggregateType");
    payload = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(payload));
    metadata = Map.copyOf(metadata);
  }

  public DomainEvent withSequence(long newSequence) {
    return new DomainEvent(newSequence, eventId, eventType, occurredAt, aggregateId, aggregateType, payload, metadata);
  }
}
