package com.offerhub.orchestrator.model;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * A marketplace user (spec/01 §3.1); {@code externalUserId} is the marketplace's own id and unique.
 * {@code airtmUserId} and {@code airtmEmail} name the linked AirTM account (payouts are addressed
 * to the e-mail, spec/06 §7).
 */
public record User(String id, String externalUserId, String email, UserType type, UserStatus status,
    String airtmUserId, String airtmEmail, Instant airtmLinkedAt, Instant createdAt, Instant updatedAt) implements Serializable {
  public User {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(externalUserId, "externalUserId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }
}
