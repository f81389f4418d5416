package com.offerhub.orchestrator.testkit.network;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * A payment-like operation of a successful transaction, as Horizon's {@code /payments} lists it:
 * {@code create_account} (XLM from {@code from} to the new account {@code to}), {@code payment}
 * ({@code amount} of {@code asset}), {@code path_payment_strict_send} or
 * {@code path_payment_strict_receive} ({@code amount} of {@code asset} delivered, for
 * {@code sourceAmount} of {@code sourceAsset}) or {@code invoke_host_function} (a contract call,
 * whose token movements are {@code transfers}). {@code id} is the operation's TOID, also its
 * paging token.
 */
public record OpRecord(long id, String txHash, int opIndex, String type, String sourceAccount, long ledger,
    long closedAtMillis, String from, String to, Asset asset, long amount, String contract, String function,
    List<Transfer> transfers, boolean load, Asset sourceAsset, long sourceAmount) implements Serializable {
  public OpRecord {
    Objects.requireNonNull(txHash, "txHash");
    Objects.requireNonNull(type, "type");
    transfers = List.copyOf(transfers);
  }

  /** A record of any type but a path payment (nothing paid in another asset). */
  public OpRecord(long id, String txHash, int opIndex, String type, String sourceAccount, long ledger,
      long closedAtMillis, String from, String to, Asset asset, long amount, String contract, String function,
      List<Transfer> transfers, boolean load) {
    this(id, txHash, opIndex, type, sourceAccount, ledger, closedAtMillis, from, to, asset, amount, contract, function,
        transfers, load, null, 0);
  }

  /** A token movement inside a contract call. */
  public record Transfer(String from, String to, Asset asset, long amount) implements Serializable {}

  /** Whether {@code account} sends or receives anything in this operation. */
  public boolean involves(String account) {
    if (account.equals(from) || account.equals(to) || account.equals(sourceAccount)) {
      return true;
    }
    for (Transfer transfer : transfers) {
      if (account.equals(transfer.from()) || account.equals(transfer.to())) {
        return true;
      }
    }
    return false;
  }

  /** Horizon's operation id: {@code (ledger << 32) | (txOrder << 12) | (opIndex + 1)}. */
  public static long toid(long ledger, int txOrder, int opIndex) {
    return (ledger << 32) | ((long) txOrder << 12) | (opIndex + 1L);
  }
}
