package com.offerhub.orchestrator.model;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * An API key record (spec/01 §3.10). Only a salted SHA-256 hash of the secret is stored;
 * {@link #toString()} omits hash and salt.
 */
public record ApiKey(String id, String name, String hashedKey, String salt, Set<String> scopes, String marketplaceId,
    Instant createdAt, Instant lastUsedAt, Instant revokedAt) implements Serializable {
  public ApiKey {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(hashedKey, "hashedKey");
    Objects.requireNonNull(salt, "salt");
    scopes = Set.copyOf(scopes);
    Objects.requireNonNull(createdAt, "createdAt");
  }

  public boolean isRevoked() {
    return revokedAt != null;
  }

  public ApiKey revoke(Instant now) {
    return new ApiKey(id, name, hashedKey, salt, scopes, marketplaceId, createdAt, lastUsedAt, now);
  }

  public ApiKey used(Instant now) {
    return new ApiKey(id, name, hashedKey, salt, scopes, marketplaceId, createdAt, now, revokedAt);
  }

  @Override
  public String toString() {
    return "ApiKey[id=" + id + ", name=" + name + ", scopes=" + scopes + ", revoked=" + isRevoked() + "]";
  }
}
