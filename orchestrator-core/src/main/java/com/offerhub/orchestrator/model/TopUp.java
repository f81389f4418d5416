package com.offerhub.orchestrator.model;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** A fiat pay-in through a payment provider (spec/01 §3.8). */
public record TopUp(String id, String userId, Money amount, String currency, TopUpStatus status,
    String confirmationUri, String providerRef, String description, String failureReason, Instant createdAt,
    Instant updatedAt) implements Serializable {
  public TopUp {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  public TopUp moveTo(TopUpStatus target, Instant now) {
    Transitions.require("top-up", id, status, target);
    return new TopUp(id, userId, amount, currency, target, confirmationUri, providerRef, description, failureReason,
        createdAt, now);
  }

  public TopUp withProvider(String ref, String uri, String failure, Instant now) {
    return new TopUp(id, userId, amount, currency, status, uri == null ? confirmationUri : uri,
        ref == null ? providerRef : ref, description, failure == null ? failureReason : failure, createdAt, now);
  }
}
