package com.offerhub.orchestrator;

import com.offerhub.orchestrator.model.DestinationType;

/**
 * Input of {@link WithdrawalOperations#create}: CRYPTO pays a Stellar address; the other types pay
 * out through the fiat provider to the user's linked account. A fiat payout with {@code commit}
 * false is created and waits for {@link WithdrawalOperations#commit}; crypto withdrawals ignore it.
 */
public record CreateWithdrawalRequest(String userId, String amount, DestinationType destinationType,
    String destinationRef, String description, boolean commit) {
  /** A withdrawal that is committed at once. */
  public CreateWithdrawalRequest(String userId, String amount, DestinationType destinationType, String destinationRef,
      String description) {
    this(userId, amount, destinationType, destinationRef, description, true);
  }

  public static CreateWithdrawalRequest crypto(String userId, String amount, String address) {
    return new CreateWithdrawalRequest(userId, amount, DestinationType.CRYPTO, address, null);
  }
}
