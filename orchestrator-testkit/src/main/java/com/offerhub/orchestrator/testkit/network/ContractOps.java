package com.offerhub.orchestrator.testkit.network;

import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.testkit.network.NetworkState.Account;
import com.offerhub.orchestrator.testkit.network.NetworkState.Contract;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Trustless Work single-release escrow rules (spec/05 §5-§7): roles, milestone status and approval,
 * release net of fees, dispute and resolve with distributions. Every check happens before any
 * change, so a refused call changes nothing. Called with the network's monitor held.
 */
final class ContractOps {
  private final NetworkState state;
  private final SimulatedNetwork network;

  ContractOps(NetworkState state, SimulatedNetwork network) {
    this.state = state;
    this.network = network;
  }

  String apply(Envelope tx, String hash, String[] contractId) {
    String signer = tx.get("source");
    String op = tx.get("op");
    if (op.equals("deploy")) {
      return deploy(tx, hash, contractId);
    }
    Contract contract = state.contracts.get(tx.get("contract"));
    if (contract == null) {
      return "Escrow not found";
    }
    return switch (op) {
      case "fund" -> fund(contract, signer, tx.getLong("amount"), hash);
      case "milestoneStatus" -> milestoneStatus(contract, signer, Integer.parseInt(tx.get("index")),
          Envelope.untext(tx.get("status")));
      case "approve" -> approve(contract, signer, Integer.parseInt(tx.get("index")));
      case "release" -> release(contract, signer, hash);
      case "dispute" -> dispute(contract, signer);
      case "resolve" -> resolve(contract, signer, tx.get("distributions"), hash);
      default -> "op_not_supported";
    };
  }

  private String deploy(Envelope tx, String hash, String[] contractId) {
    Contract contract = new Contract();
    contract.id = contractIdFor(hash);
    contract.engagementId = Envelope.untext(tx.get("engagementId"));
    contract.approver = tx.get("approver");
    contract.serviceProvider = tx.get("serviceProvider");
    contract.platformAddress = tx.get("platformAddress");
    contract.releaseSigner = tx.get("releaseSigner");
    contract.disputeResolver = tx.get("disputeResolver");
    contract.receiver = tx.get("receiver");
    contract.amount = tx.getLong("amount");
    contract.platformFeeBps = Integer.parseInt(tx.get("platformFeeBps"));
    contract.serviceFeeBps = network.serviceFeeBps();
    int milestones = Integer.parseInt(tx.get("milestones"));
    if (contract.amount <= 0 || milestones < 1 || contract.platformFeeBps < 0
        || contract.platformFeeBps + contract.serviceFeeBps > 10_000) {
      return "Invalid escrow properties";
    }
    for (String role : new String[] {contract.approver, contract.serviceProvider, contract.platformAddress,
        contract.releaseSigner, contract.disputeResolver, contract.receiver}) {
      if (role == null || !StrKey.isValid(StrKey.ACCOUNT, role)) {
        return "Invalid escrow role address";
      }
    }
    for (int i = 0; i < milestones; i++) {
      contract.milestoneStatus.add("pending");
      contract.milestoneApproved.add(false);
    }
    state.contracts.put(contract.id, contract);
    contractId[0] = contract.id;
    return null;
  }

  static String contractIdFor(String deployHash) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(("contract:" + deployHash)
          .getBytes(StandardCharsets.UTF_8));
      return StrKey.encode(StrKey.CONTRACT, digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private String fund(Contract contract, String signer, long amount, String hash) {
    if (contract.released || contract.resolved) {
      return "Escrow already released or resolved";
    }
    if (amount <= 0) {
      return "Amount must be greater than zero";
    }
    Account funder = state.accounts.get(signer);
    if (funder.usdc == null) {
      return "op_src_no_trust";
    }
    if (funder.usdc < amount) {
      return "op_underfunded";
    }
    funder.usdc -= amount;
    contract.balance += amount;
    contract.funded = contract.balance >= contract.amount;
    return null;
  }

  private String milestoneStatus(Contract contract, String signer, int index, String status) {
    if (!signer.equals(contract.serviceProvider)) {
      return "Only the service provider can change milestone status";
    }
    if (index < 0 || index >= contract.milestoneStatus.size()) {
      return "Invalid milestone index";
    }
    contract.milestoneStatus.set(index, status);
    return null;
  }

  private String approve(Contract contract, String signer, int index) {
    if (!signer.equals(contract.approver)) {
      return "Only the approver can approve milestones";
    }
    if (index < 0 || index >= contract.milestoneApproved.size()) {
      return "Invalid milestone index";
    }
    contract.milestoneApproved.set(index, true);
    return null;
  }

  private String release(Contract contract, String signer, String hash) {
    if (!signer.equals(contract.releaseSigner)) {
      return "Only the release signer can release the escrow funds";
    }
    if (!contract.funded) {
      return "Escrow not funded";
    }
    if (contract.released) {
      return "Escrow already released";
    }
    if (contract.disputed) {
      return "Escrow is in dispute";
    }
    if (contract.milestoneApproved.contains(false)) {
      return "All milestones must be approved before releasing";
    }
    String error = checkPayees(List.of(contract.receiver), contract);
    if (error != null) {
      return error;
    }
    long gross = contract.balance;
    contract.released = true;
    return payOut(contract, List.of(contract.receiver), List.of(gross), hash);
  }

  private String dispute(Contract contract, String signer) {
    if (!signer.equals(contract.approver) && !signer.equals(contract.serviceProvider)) {
      return "Only the approver or service provider can dispute the escrow";
    }
    if (!contract.funded || contract.released || contract.resolved) {
      return "Escrow cannot be disputed in its current state";
    }
    if (contract.disputed) {
      return "Escrow already in dispute";
    }
    contract.disputed = true;
    contract.disputer = signer;
    return null;
  }

  private String resolve(Contract contract, String signer, String encoded, String hash) {
    if (!signer.equals(contract.disputeResolver)) {
      return "Only the dispute resolver can execute this function";
    }
    if (!contract.disputed || contract.resolved) {
      return "Escrow not in dispute";
    }
    if (signer.equals(contract.disputer)) {
      return "The dispute resolver cannot be the party that opened the dispute";
    }
    List<String> payees = new ArrayList<>();
    List<Long> amounts = new ArrayList<>();
    long sum = 0;
    for (String item : encoded.split(",")) {
      int colon = item.indexOf(':');
      long amount = Long.parseLong(item.substring(colon + 1));
      if (amount <= 0) {
        return "Distribution amounts must be greater than zero";
      }
      payees.add(item.substring(0, colon));
      amounts.add(amount);
      sum += amount;
    }
    if (sum != contract.balance) {
      return "The total amount to be distributed cannot be different from the escrow balance";
    }
    String error = checkPayees(payees, contract);
    if (error != null) {
      return error;
    }
    contract.resolved = true;
    return payOut(contract, payees, amounts, hash);
  }

  private String checkPayees(List<String> payees, Contract contract) {
    List<String> all = new ArrayList<>(payees);
    all.add(contract.platformAddress);
    all.add(network.serviceFeeAccountId());
    for (String payee : all) {
      Account account = state.accounts.get(payee);
      if (account == null || account.usdc == null) {
        return "op_no_trust";
      }
    }
    return null;
  }

  /** Pays each gross amount net of the service and platform fees; fees round down to the stroop. */
  private String payOut(Contract contract, List<String> payees, List<Long> grossAmounts,
      String hash) {
    int operation = 0;
    for (int i = 0; i < payees.size(); i++) {
      long gross = grossAmounts.get(i);
      long serviceFee = Money.ofStroops(gross).percentOf(contract.serviceFeeBps).stroops();
      long platformFee = Money.ofStroops(gross).percentOf(contract.platformFeeBps).stroops();
      long net = gross - serviceFee - platformFee;
      contract.balance -= gross;
      network.transfer(hash, operation++, contract.id, payees.get(i), net);
      network.transfer(hash, operation++, contract.id, network.serviceFeeAccountId(), serviceFee);
      network.transfer(hash, operation++, contract.id, contract.platformAddress, platformFee);
    }
    return null;
  }
}
