package com.offerhub.orchestrator.spi.chain;

/** What submitting a transaction led to. */
public enum SubmitOutcome {
  /** Included in a ledger and successful. */
  CONFIRMED,
  /** Definitively refused or included as failed: it will never apply. */
  REJECTED,
  /** Accepted or possibly accepted, inclusion not known yet: look the hash up later. */
  PENDING
}
