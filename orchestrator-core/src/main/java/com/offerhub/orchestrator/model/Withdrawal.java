package com.offerhub.orchestrator.model;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** A withdrawal of available funds to a Stellar address or a fiat destination (spec/01 §3.9). */
public record Withdrawal(String id, String userId, Money amount, String currency, WithdrawalStatus status,
    DestinationType destinationType, String destinationRef, String providerRef, String transactionHash,
    String failureReason, String description, Instant createdAt, Instant updatedAt) implements Serializable {
  public Withdrawal {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(destinationType, "destinationType");
    Objects.requireNonNull(destinationRef, "destinationRef");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  public Withdrawal moveTo(WithdrawalStatus target, Instant now) {
    Transitions.require("withdrawal", id, status, target);
    return new Withdrawal(id, userId, amount, currency, target, destinationType, destinationRef, providerRef,
        transactionHash, failureReason, description, createdAt, now);
  }

  public Withdrawal withOutcome(String hash, String failure, String newProviderRef, Instant now) {
    return new Withdrawal(id, userId, amount, currency, status, destinationType, destinationRef,
        newProviderRef == null ? providerRef : newProviderRef, hash == null ? transactionHash : hash,
        failure == null ? failureReason : failure, description, createdAt, now);
  }
}
