package com.offerhub.orchestrator;

import com.offerhub.orchestrator.model.DestinationType;

/** Input of {@link WithdrawalOperations#create}: CRYPTO pays a Stellar address; others go through the provider. */
public record CreateWithdrawalRequest(String userId, String amount, DestinationType destinationType,
    String destinationRef, String description) {
  public static CreateWithdrawalRequest crypto(String userId, String amount, String address) {
    return new CreateWithdrawalRequest(userId, amount, DestinationType.CRYPTO, address, null);
  }
}
