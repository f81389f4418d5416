package com.offerhub.orchestrator.model;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * An incoming on-chain payment credited to a user, unique per (transaction hash, operation index).
 * {@code sender} is the paying account or contract as the chain reported it (null when it did not).
 */
public record Deposit(String transactionHash, int operationIndex, String userId, String walletAddress, Money amount,
    String source, Instant creditedAt, String sender) implements Serializable {
  public Deposit {
    Objects.requireNonNull(transactionHash, "transactionHash");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(creditedAt, "creditedAt");
  }
}
