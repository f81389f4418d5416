package com.offerhub.orchestrator.model;

/** Whether a wallet's account exists on chain with its USDC trustline. */
public enum WalletStatus {
  PENDING_ACTIVATION, ACTIVE
}
