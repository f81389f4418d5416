package com.offerhub.orchestrator.testkit.network;

import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.spi.chain.ChainException;
import com.offerhub.orchestrator.spi.chain.UnsignedTransaction;
import com.offerhub.orchestrator.spi.escrow.Distribution;
import com.offerhub.orchestrator.spi.escrow.EscrowGateway;
import com.offerhub.orchestrator.spi.escrow.EscrowGatewayException;
import com.offerhub.orchestrator.spi.escrow.EscrowSnapshot;
import com.offerhub.orchestrator.spi.escrow.EscrowTerms;
import com.offerhub.orchestrator.testkit.network.NetworkState.Contract;
import com.offerhub.orchestrator.testkit.network.NetworkState.TxRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@link EscrowGateway} over a {@link SimulatedNetwork}: builds unsigned contract invocations
 * whose source is the signing role. Business rules are enforced when the network applies them, as
 * on Soroban; building refuses only unknown contracts (404) and unknown signers (400).
 */
final class SimulatedEscrowGateway implements EscrowGateway {
  private final SimulatedNetwork network;

  SimulatedEscrowGateway(SimulatedNetwork network) {
    this.network = network;
  }

  private UnsignedTransaction build(String signer, String op, Map<String, String> args) {
    network.fault(CallKind.ESCROW, true);
    synchronized (network) {
      Map<String, String> fields;
      try {
        fields = network.header(signer);
      } catch (ChainException e) {
        throw new EscrowGatewayException(400, "signer " + signer + " has no account");
      }
      fields.put("op", op);
      fields.putAll(args);
      String xdr = Envelope.unsigned(fields);
      return new UnsignedTransaction(xdr, signer, Instant.ofEpochMilli(Long.parseLong(fields.get("maxTime"))));
    }
  }

  private void requireContract(String contractId) {
    if (contractId == null || network.contract(contractId) == null) {
      throw new EscrowGatewayException(404, "Escrow not found: " + contractId);
    }
  }

  @Override
  public UnsignedTransaction deploy(EscrowTerms terms) {
    return build(terms.disputeResolver(), "deploy", Map.of(
        "engagementId", Envelope.text(terms.engagementId()),
        "approver", terms.approver(), "serviceProvider", terms.serviceProvider(),
        "platformAddress", terms.platformAddress(), "releaseSigner", terms.releaseSigner(),
        "disputeResolver", terms.disputeResolver(), "receiver", terms.receiver(),
        "amount", Long.toString(terms.amount().stroops()),
        "platformFeeBps", Integer.toString(terms.platformFeeBps()),
        "milestones", Integer.toString(Math.max(1, terms.milestones().size()))));
  }

  @Override
  public String deployedContractId(String deployTransactionHash) {
    network.fault(CallKind.ESCROW, true);
    TxRecord record = network.transaction(deployTransactionHash);
    if (record == null || !record.success() || record.contractId() == null) {
      throw new EscrowGatewayException(404, "no contract deployed by " + deployTransactionHash);
    }
    return record.contractId();
  }

  @Override
  public UnsignedTransaction fund(String contractId, String funder, Money amount) {
    requireContract(contractId);
    return build(funder, "fund", Map.of("contract", contractId, "amount", Long.toString(amount.stroops())));
  }

  @Override
  public UnsignedTransaction changeMilestoneStatus(String contractId, int index, String status, String serviceProvider) {
    requireContract(contractId);
    return build(serviceProvider, "milestoneStatus", Map.of("contract", contractId, "index", Integer.toString(index),
        "status", Envelope.text(status)));
  }

  @Override
  public UnsignedTransaction approveMilestone(String contractId, int index, String approver) {
    requireContract(contractId);
    return build(approver, "approve", Map.of("contract", contractId, "index", Integer.toString(index)));
  }

  @Override
  public UnsignedTransaction release(String contractId, String releaseSigner) {
    requireContract(contractId);
    return build(releaseSigner, "release", Map.of("contract", contractId));
  }

  @Override
  public UnsignedTransaction dispute(String contractId, String signer) {
    requireContract(contractId);
    return build(signer, "dispute", Map.of("contract", contractId));
  }

  @Override
  public UnsignedTransaction resolve(String contractId, String resolver, List<Distribution> distributions) {
    requireContract(contractId);
    if (distributions.isEmpty()) {
      throw new EscrowGatewayException(400, "at least one distribution is required");
    }
    String encoded = distributions.stream().map(d -> d.address() + ":" + d.amount().stroops())
        .collect(Collectors.joining(","));
    return build(resolver, "resolve", Map.of("contract", contractId, "distributions", encoded));
  }

  @Override
  public EscrowSnapshot inspect(String contractId) {
    network.fault(CallKind.ESCROW, true);
    synchronized (network) {
      Contract c = network.contract(contractId);
      if (c == null) {
        throw new EscrowGatewayException(404, "Escrow not found: " + contractId);
      }
      return new EscrowSnapshot(c.id, Money.ofStroops(c.balance), c.funded, c.released, c.disputed, c.resolved,
          List.copyOf(c.milestoneStatus), List.copyOf(c.milestoneApproved), c.platformFeeBps, c.serviceFeeBps);
    }
  }
}
