package com.offerhub.orchestrator.testkit.network;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Everything a {@link SimulatedNetwork} remembers; serialisable so the sandbox survives restarts. */
final class NetworkState implements Serializable {
  private static final long serialVersionUID = 1L;

  /** A Stellar account: XLM and USDC in stroops ({@code usdc} null = no trustline). */
  static final class Account implements Serializable {
    private static final long serialVersionUID = 1L;
    long xlm;
    Long usdc;
    long seq;
    int subentries;
  }

  /** A Trustless Work single-release escrow contract. */
  static final class Contract implements Serializable {
    private static final long serialVersionUID = 1L;
    String id;
    String engagementId;
    String approver;
    String serviceProvider;
    String platformAddress;
    String releaseSigner;
    String disputeResolver;
    String receiver;
    long amount;
    int platformFeeBps;
    int serviceFeeBps;
    List<String> milestoneStatus = new ArrayList<>();
    List<Boolean> milestoneApproved = new ArrayList<>();
    boolean funded;
    boolean released;
    boolean disputed;
    boolean resolved;
    String disputer;
    long balance;
  }

  /** A transaction included in a ledger, successful or failed. */
  record TxRecord(String hash, boolean success, long ledger, String error, String contractId) implements Serializable {}

  /** A USDC payment operation, in application order. */
  record PaymentRecord(long index, String hash, int operation, String from, String to, long amount,
      long closedAtMillis) implements Serializable {}

  final Map<String, Account> accounts = new HashMap<>();
  final Map<String, Contract> contracts = new HashMap<>();
  final Map<String, TxRecord> transactions = new HashMap<>();
  final List<PaymentRecord> payments = new ArrayList<>();
  final List<String> queue = new ArrayList<>();
  long ledger;
  long lastCloseMillis;
  int serviceFeeBps;
  String issuer;
  String serviceFeeAccount;
}
