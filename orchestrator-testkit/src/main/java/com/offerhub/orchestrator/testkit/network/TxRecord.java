package com.offerhub.orchestrator.testkit.network;

import java.io.Serializable;
import java.util.Objects;

/**
 * A transaction included in a ledger, successful or failed: sequence number and fee were spent
 * either way. {@code applicationOrder} is its 1-based position in the ledger.
 */
public record TxRecord(Tx tx, TxResult result, long ledger, int applicationOrder, long closedAtMillis)
    implements Serializable {
  public TxRecord {
    Objects.requireNonNull(tx, "tx");
    Objects.requireNonNull(result, "result");
  }

  public boolean success() {
    return result.success();
  }

  /** Horizon's paging token of a transaction: {@code (ledger << 32) | (order << 12)}. */
  public long pagingToken() {
    return (ledger << 32) | ((long) applicationOrder << 12);
  }
}
