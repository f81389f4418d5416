package com.offerhub.orchestrator.spi.chain;

/** What the network knows about a transaction hash. */
public enum TransactionStatus {
  SUCCESS, FAILED, NOT_FOUND
}
