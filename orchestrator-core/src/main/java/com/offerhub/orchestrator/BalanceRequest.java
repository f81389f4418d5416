package com.offerhub.orchestrator;

/**
 * Input of the manual balance operations (spec/02 ops 13-18). {@code amount} is a decimal string
 * with up to 7 decimals; {@code reference} is the free order reference or credit reference;
 * {@code counterpartyId} is the seller for {@code release}.
 */
public record BalanceRequest(String amount, String currency, String description, String reference,
    String counterpartyId) {
  public static BalanceRequest of(String amount) {
    return new BalanceRequest(amount, null, null, null, null);
  }

  public static BalanceRequest of(String amount, String reference) {
    return new BalanceRequest(amount, null, null, reference, null);
  }
}
