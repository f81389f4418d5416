package com.offerhub.orchestrator.testkit.network;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything a {@link SimulatedNetwork} remembers; serialisable so a simulator survives restarts.
 * What the load knob adds is transient: it is noise for watchers, not state worth keeping.
 */
final class NetworkState implements Serializable {
  private static final long serialVersionUID = 2L;

  /**
   * A Stellar account: XLM and USDC in stroops ({@code usdc} null = no trustline), sequence number,
   * subentries and sponsorship counters (reserves of sponsored entries are paid by the sponsor).
   */
  static final class Account implements Serializable {
    private static final long serialVersionUID = 2L;
    long xlm;
    Long usdc;
    long usdcLimit;
    long seq;
    int subentries;
    int numSponsoring;
    int numSponsored;
    String sponsor;
    String trustlineSponsor;
    long lastModifiedLedger;

    Account copy() {
      Account copy = new Account();
      copy.xlm = xlm;
      copy.usdc = usdc;
      copy.usdcLimit = usdcLimit;
      copy.seq = seq;
      copy.subentries = subentries;
      copy.numSponsoring = numSponsoring;
      copy.numSponsored = numSponsored;
      copy.sponsor = sponsor;
      copy.trustlineSponsor = trustlineSponsor;
      copy.lastModifiedLedger = lastModifiedLedger;
      return copy;
    }
  }

  /** A milestone of an escrow. */
  static final class Milestone implements Serializable {
    private static final long serialVersionUID = 2L;
    String description;
    String status;
    String evidence;
    boolean approved;

    Milestone copy() {
      Milestone copy = new Milestone();
      copy.description = description;
      copy.status = status;
      copy.evidence = evidence;
      copy.approved = approved;
      return copy;
    }
  }

  /**
   * A contract: a Trustless Work single-release escrow ({@code escrow} true) or another
   * application's contract that only holds and pays USDC.
   */
  static final class Contract implements Serializable {
    private static final long serialVersionUID = 2L;
    String id;
    boolean escrow;
    SimulatedNetwork.Variant variant;
    String deployer;
    String engagementId;
    String title;
    String description;
    String approver;
    String serviceProvider;
    String platformAddress;
    String releaseSigner;
    String disputeResolver;
    String receiver;
    long amount;
    int platformFeeBps;
    int serviceFeeBps;
    List<Milestone> milestones = new ArrayList<>();
    boolean everFunded;
    boolean released;
    boolean disputed;
    boolean resolved;
    String trustlineAddress;
    String trustlineSymbol;
    long balance;
    long createdAtMillis;
    long updatedAtMillis;
    String deployTx;

    Contract copy() {
      Contract copy = new Contract();
      copy.id = id;
      copy.escrow = escrow;
      copy.variant = variant;
      copy.deployer = deployer;
      copy.engagementId = engagementId;
      copy.title = title;
      copy.description = description;
      copy.approver = approver;
      copy.serviceProvider = serviceProvider;
      copy.platformAddress = platformAddress;
      copy.releaseSigner = releaseSigner;
      copy.disputeResolver = disputeResolver;
      copy.receiver = receiver;
      copy.amount = amount;
      copy.platformFeeBps = platformFeeBps;
      copy.serviceFeeBps = serviceFeeBps;
      for (Milestone milestone : milestones) {
        copy.milestones.add(milestone.copy());
      }
      copy.everFunded = everFunded;
      copy.released = released;
      copy.disputed = disputed;
      copy.resolved = resolved;
      copy.trustlineAddress = trustlineAddress;
      copy.trustlineSymbol = trustlineSymbol;
      copy.balance = balance;
      copy.createdAtMillis = createdAtMillis;
      copy.updatedAtMillis = updatedAtMillis;
      copy.deployTx = deployTx;
      return copy;
    }
  }

  final Map<String, Account> accounts = new HashMap<>();
  final Map<String, Contract> contracts = new HashMap<>();
  /** Included transactions by hash; a fee-bump is found by its own and its inner hash. */
  final Map<String, TxRecord> transactions = new HashMap<>();
  /** Payment-like operations of successful transactions, ascending by id. */
  final List<OpRecord> operations = new ArrayList<>();
  final List<Tx> queue = new ArrayList<>();
  /** Address-credential nonces already consumed, as {@code address:nonce}. */
  final Set<String> usedNonces = new HashSet<>();
  long ledger;
  long lastCloseMillis;
  String passphrase;
  String usdcCode;
  String issuer;
  String serviceFeeAccount;
  String rootAccount;
  String deployerContract;
  int serviceFeeBps;
  long minResourceFee;
  SimulatedNetwork.Variant defaultVariant = SimulatedNetwork.Variant.B;
  List<String> loadAccounts = new ArrayList<>();
  /** Transactions and operations of the load knob, oldest first, pruned to a retention window. */
  transient Map<String, TxRecord> loadTransactions = new LinkedHashMap<>();
  transient List<OpRecord> loadOperations = new ArrayList<>();

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    loadTransactions = new LinkedHashMap<>();
    loadOperations = new ArrayList<>();
  }
}
