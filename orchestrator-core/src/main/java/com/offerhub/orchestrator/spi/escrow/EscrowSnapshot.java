package com.offerhub.orchestrator.spi.escrow;

import com.offerhub.orchestrator.model.Money;
import java.util.List;

/**
 * A contract's on-chain state: its USDC balance, flags, milestone status and approval, and the
 * fees it deducts ({@code serviceFeeBps} for Trustless Work, {@code platformFeeBps} for the
 * platform).
 */
public record EscrowSnapshot(String contractId, Money balance, boolean funded, boolean released, boolean disputed,
    boolean resolved, List<String> milestoneStatuses, List<Boolean> milestoneApprovals, int platformFeeBps,
    int serviceFeeBps) {
  public EscrowSnapshot {
    milestoneStatuses = List.copyOf(milestoneStatuses);
    milestoneApprovals = List.copyOf(milestoneApprovals);
  }
}
