package com.offerhub.orchestrator.model;

/** The durable multi-step on-chain flows (ARCHITECTURE rule 6). */
public enum SagaKind {
  /** Deploy the escrow contract (platform signs). */
  ESCROW_DEPLOY,
  /** Fund the escrow (buyer signs). */
  ESCROW_FUND,
  /** Milestone status, approval and release: three transactions. */
  RELEASE,
  /** Dispute and resolve 100 % to the buyer: two transactions. */
  REFUND,
  /** Dispute and resolve with the decided distribution: two transactions. */
  DISPUTE_RESOLUTION,
  /** USDC payment out of a user's wallet. */
  WITHDRAWAL
}
