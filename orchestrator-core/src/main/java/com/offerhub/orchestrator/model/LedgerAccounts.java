package com.offerhub.orchestrator.model;

import java.util.Optional;

/**
 * Names of ledger accounts. User accounts carry the balance projection; the others record where
 * money sits outside users' balances. Internal account balances are non-negative; external ones
 * ({@code external:*}) hold the negative of what came in from or went out to the world.
 */
public final class LedgerAccounts {
  public static final String DEPOSITS = "external:deposits";
  public static final String WITHDRAWALS = "external:withdrawals";
  public static final String MANUAL = "external:manual";
  public static final String TOPUPS = "external:topups";
  public static final String SERVICE_FEES = "external:service-fees";
  /** Money paid into an escrow contract from outside the books (over-funding), handed on by a resolution. */
  public static final String ESCROW_SURPLUS = "external:escrow-surplus";
  public static final String PLATFORM_FEES = "platform:fees";
  /**
   * USDC the treasury has advanced into escrows for fiat balances and not received back: what the
   * fiat side (USD held at the provider) owes the treasury (ARCHITECTURE rule 11).
   */
  public static final String TREASURY_FLOAT = "treasury:float";

  private LedgerAccounts() {}

  public static String available(String userId) {
    return "user:" + userId + ":available";
  }

  public static String reserved(String userId) {
    return "user:" + userId + ":reserved";
  }

  public static String escrow(String orderId) {
    return "escrow:" + orderId;
  }

  public static String withdrawalInFlight(String withdrawalId) {
    return "clearing:withdrawal:" + withdrawalId;
  }

  public static boolean isExternal(String account) {
    return account.startsWith("external:");
  }

  /** The user id of a {@code user:*} account. */
  public static Optional<String> userOf(String account) {
    if (!account.startsWith("user:")) {
      return Optional.empty();
    }
    int end = account.lastIndexOf(':');
    return Optional.of(account.substring(5, end));
  }

  public static boolean isReserved(String account) {
    return account.startsWith("user:") && account.endsWith(":reserved");
  }
}
