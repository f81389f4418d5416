package com.offerhub.orchestrator.spi.payment;

import com.offerhub.orchestrator.model.Money;

/**
 * A payout of {@code amount} from the platform's provider account to {@code recipient} (for AirTM:
 * the e-mail of the linked AirTM account); {@code reference} = withdrawal id. With {@code commit}
 * the provider commits the payout in the same call; without it the payout waits in
 * {@link ProviderPaymentStatus#CREATED} until {@link PaymentProvider#commitPayout}.
 */
public record PayoutRequest(String reference, String recipient, Money amount, String currency, boolean commit,
    String description) {
  public PayoutRequest {
    java.util.Objects.requireNonNull(reference, "reference");
    java.util.Objects.requireNonNull(recipient, "recipient");
    java.util.Objects.requireNonNull(amount, "amount");
  }
}
