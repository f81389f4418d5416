package com.offerhub.orchestrator.testkit.network;

import com.offerhub.orchestrator.testkit.network.NetworkState.Account;
import com.offerhub.orchestrator.testkit.network.NetworkState.Contract;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The changes of one transaction's operations, applied to copies of the entries they touch: a
 * committed transaction writes them back, a failed one leaves the state untouched. A dry run
 * (building or simulating a call) is a transaction that is never committed.
 */
final class LedgerTxn {
  private final NetworkState state;
  private final Map<String, Account> accounts = new HashMap<>();
  private final Map<String, Contract> contracts = new HashMap<>();
  private final Set<String> nonces = new HashSet<>();
  final List<OpRecord.Transfer> transfers = new ArrayList<>();

  LedgerTxn(NetworkState state) {
    this.state = state;
  }

  NetworkState state() {
    return state;
  }

  /** The account (a private copy), or null if it does not exist. */
  Account account(String id) {
    if (id == null) {
      return null;
    }
    Account copy = accounts.get(id);
    if (copy == null && !accounts.containsKey(id)) {
      Account stored = state.accounts.get(id);
      copy = stored == null ? null : stored.copy();
      accounts.put(id, copy);
    }
    return copy;
  }

  void createAccount(String id, Account account) {
    accounts.put(id, account);
  }

  /** The contract (a private copy), or null if it does not exist. */
  Contract contract(String id) {
    if (id == null) {
      return null;
    }
    Contract copy = contracts.get(id);
    if (copy == null && !contracts.containsKey(id)) {
      Contract stored = state.contracts.get(id);
      copy = stored == null ? null : stored.copy();
      contracts.put(id, copy);
    }
    return copy;
  }

  void createContract(Contract contract) {
    contracts.put(contract.id, contract);
  }

  boolean nonceUsed(String key) {
    return nonces.contains(key) || state.usedNonces.contains(key);
  }

  void useNonce(String key) {
    nonces.add(key);
  }

  void commit(long ledger) {
    accounts.forEach((id, account) -> {
      if (account != null) {
        account.lastModifiedLedger = ledger;
        state.accounts.put(id, account);
      }
    });
    contracts.forEach((id, contract) -> {
      if (contract != null) {
        state.contracts.put(id, contract);
      }
    });
    state.usedNonces.addAll(nonces);
  }
}
