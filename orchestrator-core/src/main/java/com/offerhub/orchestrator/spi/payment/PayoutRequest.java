package com.offerhub.orchestrator.spi.payment;

import com.offerhub.orchestrator.model.Money;

/** A payout; {@code reference} = withdrawal id. */
public record PayoutRequest(String reference, String providerUserId, Money amount, String currency,
    String destinationType, String destinationRef, String description) {
  public PayoutRequest {
    java.util.Objects.requireNonNull(reference, "reference");
    java.util.Objects.requireNonNull(amount, "amount");
  }
}
