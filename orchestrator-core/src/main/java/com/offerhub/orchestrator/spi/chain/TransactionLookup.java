package com.offerhub.orchestrator.spi.chain;

import java.time.Instant;

/**
 * The network's answer for a hash, with the close time of the latest ledger: a NOT_FOUND
 * transaction whose {@code validUntil} is before {@code latestLedgerCloseTime} has expired.
 */
public record TransactionLookup(String hash, TransactionStatus status, long ledger, String error,
    Instant latestLedgerCloseTime) {
  public TransactionLookup {
    java.util.Objects.requireNonNull(hash, "hash");
    java.util.Objects.requireNonNull(status, "status");
    java.util.Objects.requireNonNull(latestLedgerCloseTime, "latestLedgerCloseTime");
  }
}
