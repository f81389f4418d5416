package com.offerhub.orchestrator.spi.payment;

/**
 * A fiat payment provider (AirTM) for top-ups and payouts. Calls may talk to the network and are
 * never made inside a storage transaction. Each create call carries the engine's id of the
 * top-up or withdrawal as an idempotency reference: calling twice with the same reference yields one
 * payment. Failures to reach the provider raise {@link ProviderException}; a refusal is a result.
 */
public interface PaymentProvider {
  /** Stable id, e.g. {@code airtm}. */
  String id();

  ProviderPayment createPayin(PayinRequest request);

  ProviderPayment payinStatus(String providerRef);

  ProviderPayment cancelPayin(String providerRef);

  ProviderPayment createPayout(PayoutRequest request);

  ProviderPayment payoutStatus(String providerRef);
}
