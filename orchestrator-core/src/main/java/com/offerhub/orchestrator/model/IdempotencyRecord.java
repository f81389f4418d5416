package com.offerhub.orchestrator.model;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * A claimed idempotency key: its scope (the principal), the request fingerprint and the stored
 * result. Written in the same transaction as the effect, so a record that exists is complete.
 */
public record IdempotencyRecord(String scope, String key, String fingerprint, Serializable response,
    Instant createdAt, Instant expiresAt) implements Serializable {
  public IdempotencyRecord {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
