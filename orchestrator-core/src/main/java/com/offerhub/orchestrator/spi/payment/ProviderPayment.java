package com.offerhub.orchestrator.spi.payment;

/**
 * The provider's view of a payment: its reference, status, confirmation page and failure reason.
 * {@code providerRef} is absent only for a create the provider refused before any payment existed
 * ({@link #refused}).
 */
public record ProviderPayment(String providerRef, ProviderPaymentStatus status, String confirmationUri,
    String failureReason) {
  public ProviderPayment {
    java.util.Objects.requireNonNull(status, "status");
    if (providerRef == null && status != ProviderPaymentStatus.FAILED) {
      throw new NullPointerException("providerRef is required unless the payment was refused (FAILED)");
    }
  }

  /** A definitive refusal of a create: no payment exists, and none will for this request. */
  public static ProviderPayment refused(String reason) {
    return new ProviderPayment(null, ProviderPaymentStatus.FAILED, null, reason);
  }
}
