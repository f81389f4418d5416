package com.offerhub.orchestrator.spi.escrow;

import com.offerhub.orchestrator.model.Money;
import java.util.List;
import java.util.Objects;

/**
 * A contract's on-chain state: its USDC balance, flags, milestone status and approval, the fees it
 * deducts ({@code serviceFeeBps} for Trustless Work, {@code platformFeeBps} for the platform) and how
 * a dispute resolution shares them among payees ({@code payoutFormula}).
 */
public record EscrowSnapshot(String contractId, Money balance, boolean funded, boolean released, boolean disputed,
    boolean resolved, List<String> milestoneStatuses, List<Boolean> milestoneApprovals, int platformFeeBps,
    int serviceFeeBps, PayoutFormula payoutFormula) {
  public EscrowSnapshot {
    milestoneStatuses = List.copyOf(milestoneStatuses);
    milestoneApprovals = List.copyOf(milestoneApprovals);
    Objects.requireNonNull(payoutFormula, "payoutFormula");
  }

  /** A snapshot of a contract that shares fees as {@link PayoutFormula#SHARED_FEES}. */
  public EscrowSnapshot(String contractId, Money balance, boolean funded, boolean released, boolean disputed,
      boolean resolved, List<String> milestoneStatuses, List<Boolean> milestoneApprovals, int platformFeeBps,
      int serviceFeeBps) {
    this(contractId, balance, funded, released, disputed, resolved, milestoneStatuses, milestoneApprovals,
        platformFeeBps, serviceFeeBps, PayoutFormula.SHARED_FEES);
  }
}
