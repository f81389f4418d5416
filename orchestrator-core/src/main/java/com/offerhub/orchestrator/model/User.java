package com.offerhub.orchestrator.model;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** A marketplace user (spec/01 §3.1); {@code externalUserId} is the marketplace's own id and unique. */
public record User(String id, String externalUserId, String email, UserType type, UserStatus status,
    String airtmUserId, Instant airtmLinkedAt, Instant createdAt, Instant updatedAt) implements Serializable {
  public User {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(externalUserId, "externalUserId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }
}
