package com.offerhub.orchestrator.spi.chain;

import com.offerhub.orchestrator.model.Money;
import java.time.Instant;

/** A USDC payment seen on the network, identified by (transaction hash, operation index). */
public record IncomingPayment(String transactionHash, int operationIndex, String from, String to, Money amount,
    Instant closedAt, String cursor) {
  public IncomingPayment {
    java.util.Objects.requireNonNull(transactionHash, "transactionHash");
    java.util.Objects.requireNonNull(to, "to");
    java.util.Objects.requireNonNull(amount, "amount");
    java.util.Objects.requireNonNull(cursor, "cursor");
  }
}
