package com.offerhub.orchestrator.testkit.network;

/** Which calls a fault knob of {@link SimulatedNetwork} applies to. */
public enum CallKind {
  /** Submitting a signed transaction. */
  SUBMIT,
  /** Looking a transaction up by hash. */
  LOOKUP,
  /** Building a payment (reads the account's sequence). */
  BUILD,
  /** Any escrow gateway call. */
  ESCROW,
  /** Wallet activation. */
  ACTIVATE,
  /** The payment scan. */
  SCAN,
  /** Every call. */
  ANY
}
