package com.offerhub.orchestrator.testkit.network;

import java.util.List;

/**
 * A snapshot of an escrow contract as the network holds it: terms, roles, milestones, flags and
 * USDC balance (stroops). {@code funded} stays true once the balance reached {@code amount}.
 * {@code serviceFeeBps} is Trustless Work's fee.
 */
public record EscrowView(String contractId, SimulatedNetwork.Variant variant, String deployer, String engagementId,
    String title, String description, EscrowArgs.Roles roles, long amount, int platformFeeBps, int serviceFeeBps,
    List<EscrowArgs.Milestone> milestones, boolean funded, boolean released, boolean disputed, boolean resolved,
    String trustlineAddress, String trustlineSymbol, long balance, long createdAtMillis, long updatedAtMillis,
    String deployTransaction) {
  public EscrowView {
    milestones = List.copyOf(milestones);
  }
}
