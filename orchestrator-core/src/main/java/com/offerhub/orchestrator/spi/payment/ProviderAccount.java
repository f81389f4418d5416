package com.offerhub.orchestrator.spi.payment;

import java.util.Optional;

/**
 * A user's account at the provider, found by e-mail (AirTM: {@code GET /users/{email}}).
 *
 * @param id the provider's id of the account
 * @param email the e-mail it was found by (payouts are addressed to it)
 * @param active the account may send and receive
 * @param verified the owner completed the provider's identity checks
 */
public record ProviderAccount(String id, String email, boolean active, boolean verified) {
  public ProviderAccount {
    java.util.Objects.requireNonNull(id, "id");
    java.util.Objects.requireNonNull(email, "email");
  }

  /** Why the account cannot be linked or paid ({@code USER_INACTIVE}, {@code USER_NOT_VERIFIED}); empty when it can. */
  public Optional<String> ineligibility() {
    if (!active) {
      return Optional.of("USER_INACTIVE");
    }
    return verified ? Optional.empty() : Optional.of("USER_NOT_VERIFIED");
  }
}
