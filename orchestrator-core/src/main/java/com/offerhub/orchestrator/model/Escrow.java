package com.offerhub.orchestrator.model;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * Local mirror of the Trustless Work contract that holds an order's funds (spec/01 §3.6).
 * {@code platformFeeBps} and {@code serviceFeeBps} are the fees the contract deducts at payout, in
 * basis points. {@code treasuryUserId} names the platform treasury when it funds the contract and
 * receives its payouts on behalf of fiat balances (ARCHITECTURE rule 11); null when the buyer's own
 * wallet funds it and the parties' wallets are paid.
 */
public record Escrow(String id, String orderId, String contractId, EscrowStatus status, Money amount,
    int platformFeeBps, int serviceFeeBps, boolean milestonesRequired, String treasuryUserId, Instant fundedAt, Instant releasedAt,
    Instant refundedAt, Instant createdAt, Instant updatedAt) implements Serializable {
  public Escrow {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(orderId, "orderId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  public Escrow moveTo(EscrowStatus target, Instant now) {
    Transitions.require("escrow", id, status, target);
    return new Escrow(id, orderId, contractId, target, amount, platformFeeBps, serviceFeeBps, milestonesRequired,
        treasuryUserId, target == EscrowStatus.FUNDED && fundedAt == null ? now : fundedAt,
        target == EscrowStatus.RELEASED ? now : releasedAt,
        target == EscrowStatus.REFUNDED ? now : refundedAt, createdAt, now);
  }

  /** The deployed contract's id and the service fee it charges. */
  public Escrow withContract(String newContractId, int newServiceFeeBps, Instant now) {
    return new Escrow(id, orderId, newContractId, status, amount, platformFeeBps, newServiceFeeBps, milestonesRequired,
        treasuryUserId, fundedAt, releasedAt, refundedAt, createdAt, now);
  }
}
