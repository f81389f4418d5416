package com.offerhub.orchestrator.spi.chain;

import java.time.Instant;

/**
 * A transaction built by the network or the escrow service, not yet signed. {@code sourceAccount}
 * is the account whose key must sign; {@code validUntil} is its upper time bound: after a ledger
 * closes past it, the transaction can never be applied.
 */
public record UnsignedTransaction(String xdr, String sourceAccount, Instant validUntil) {
  public UnsignedTransaction {
    java.util.Objects.requireNonNull(xdr, "xdr");
    java.util.Objects.requireNonNull(sourceAccount, "sourceAccount");
    java.util.Objects.requireNonNull(validUntil, "validUntil");
  }
}
