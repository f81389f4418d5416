package com.offerhub.orchestrator.spi.payment;

/** Provider-side status of a pay-in or payout. */
public enum ProviderPaymentStatus {
  AWAITING_USER_CONFIRMATION, PROCESSING, SUCCEEDED, FAILED, CANCELED
}
