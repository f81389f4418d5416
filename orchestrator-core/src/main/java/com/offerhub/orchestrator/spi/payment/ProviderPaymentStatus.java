package com.offerhub.orchestrator.spi.payment;

/**
 * Provider-side status of a pay-in or payout, grouped the way the engine acts on it (an adapter maps
 * its provider's own statuses onto these; spec/06 §5.3 and §6.3 for AirTM).
 */
public enum ProviderPaymentStatus {
  /** A payout that exists but is not committed: nothing moves until {@link PaymentProvider#commitPayout}. */
  CREATED,
  /** A payout committed and accepted, not yet processing. */
  COMMITTED,
  /** A pay-in waiting for the payer on the provider's page; a payout waiting for the recipient to act. */
  AWAITING_USER_CONFIRMATION,
  PROCESSING,
  SUCCEEDED,
  FAILED,
  CANCELED;

  /** Final: the provider will not change it again. */
  public boolean isFinal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELED;
  }
}
