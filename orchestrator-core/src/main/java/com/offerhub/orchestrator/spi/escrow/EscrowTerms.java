package com.offerhub.orchestrator.spi.escrow;

import com.offerhub.orchestrator.model.Money;
import java.util.List;

/**
 * Deploy terms. Roles are Stellar addresses: approver = release signer = buyer, service provider =
 * receiver = seller, dispute resolver = platform address = platform.
 * {@code platformFeeBps} is the platform's cut in basis points.
 */
public record EscrowTerms(String engagementId, String title, String description, Money amount,
    int platformFeeBps, String approver, String serviceProvider, String receiver, String releaseSigner,
    String disputeResolver, String platformAddress, List<String> milestones) {
  public EscrowTerms {
    java.util.Objects.requireNonNull(engagementId, "engagementId");
    java.util.Objects.requireNonNull(amount, "amount");
    milestones = List.copyOf(milestones);
  }
}
