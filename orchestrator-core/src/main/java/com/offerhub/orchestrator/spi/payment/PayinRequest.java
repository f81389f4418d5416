package com.offerhub.orchestrator.spi.payment;

import com.offerhub.orchestrator.model.Money;

/** A pay-in of {@code amount} to the provider account {@code providerUserId}; {@code reference} = top-up id. */
public record PayinRequest(String reference, String providerUserId, Money amount, String currency,
    String description) {
  public PayinRequest {
    java.util.Objects.requireNonNull(reference, "reference");
    java.util.Objects.requireNonNull(amount, "amount");
  }
}
