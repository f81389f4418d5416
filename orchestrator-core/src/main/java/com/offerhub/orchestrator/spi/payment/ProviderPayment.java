package com.offerhub.orchestrator.spi.payment;

/** The provider's view of a payment: its reference, status, confirmation page and failure reason. */
public record ProviderPayment(String providerRef, ProviderPaymentStatus status, String confirmationUri,
    String failureReason) {
  public ProviderPayment {
    java.util.Objects.requireNonNull(providerRef, "providerRef");
    java.util.Objects.requireNonNull(status, "status");
  }
}
