package com.offerhub.orchestrator.spi.chain;

import java.time.Instant;

/** A signed envelope with its hash, stored before submission. */
public record SignedTransaction(String envelope, String hash, Instant validUntil) {
  public SignedTransaction {
    java.util.Objects.requireNonNull(envelope, "envelope");
    java.util.Objects.requireNonNull(hash, "hash");
    java.util.Objects.requireNonNull(validUntil, "validUntil");
  }
}
