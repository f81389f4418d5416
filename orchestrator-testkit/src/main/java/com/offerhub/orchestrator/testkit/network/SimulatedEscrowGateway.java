package com.offerhub.orchestrator.testkit.network;

import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.spi.chain.ChainException;
import com.offerhub.orchestrator.spi.chain.UnsignedTransaction;
import com.offerhub.orchestrator.spi.escrow.Distribution;
import com.offerhub.orchestrator.spi.escrow.EscrowGateway;
import com.offerhub.orchestrator.spi.escrow.EscrowGatewayException;
import com.offerhub.orchestrator.spi.escrow.EscrowSnapshot;
import com.offerhub.orchestrator.spi.escrow.PayoutFormula;
import com.offerhub.orchestrator.spi.escrow.EscrowTerms;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link EscrowGateway} over a {@link SimulatedNetwork} in process: builds unsigned contract
 * invocations (the conventions of {@link EscrowArgs}) whose source is the signing role, authorised
 * by source-account credentials. Business rules are enforced when the network applies them, as on
 * Soroban; building refuses only unknown contracts (404) and unknown signers (400).
 */
final class SimulatedEscrowGateway implements EscrowGateway {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final SimulatedNetwork network;

  SimulatedEscrowGateway(SimulatedNetwork network) {
    this.network = network;
  }

  private UnsignedTransaction build(String signer, String contract, String function, List<ScVal> args) {
    if (network.takeBuildRefusal(function)) {
      throw new EscrowGatewayException(400, "simulated refusal to build " + function);
    }
    synchronized (network) {
      long sequence;
      try {
        sequence = network.nextSequence(signer);
      } catch (ChainException e) {
        throw new EscrowGatewayException(400, "signer " + signer + " has no account");
      }
      Instant validUntil = network.validUntil();
      AuthEntry auth = AuthEntry.sourceAccount(new AuthEntry.Invocation(contract, function, args, List.of()));
      Tx tx = Tx.builder().source(signer).sequence(sequence).fee(Rules.BASE_FEE)
          .timeBounds(0, validUntil.toEpochMilli())
          .op(new Op.InvokeContract(null, contract, function, args, List.of(auth))).build();
      return new UnsignedTransaction(Envelope.unsigned(tx), signer, validUntil);
    }
  }

  private EscrowView requireContract(String contractId) {
    network.fault(CallKind.ESCROW, true);
    EscrowView view = contractId == null ? null : network.escrow(contractId);
    if (view == null) {
      throw new EscrowGatewayException(404, "Escrow not found: " + contractId);
    }
    return view;
  }

  @Override
  public UnsignedTransaction deploy(EscrowTerms terms) {
    network.fault(CallKind.ESCROW, true);
    String signer = terms.disputeResolver();
    List<EscrowArgs.Milestone> milestones = new ArrayList<>();
    for (String description : terms.milestones()) {
      milestones.add(new EscrowArgs.Milestone(description, "", null, false));
    }
    if (milestones.isEmpty()) {
      milestones.add(new EscrowArgs.Milestone(terms.title() == null ? "" : terms.title(), "", null, false));
    }
    EscrowArgs.Properties properties = new EscrowArgs.Properties(terms.engagementId(),
        terms.title() == null ? "" : terms.title(), terms.description() == null ? "" : terms.description(),
        new EscrowArgs.Roles(terms.approver(), terms.serviceProvider(), terms.platformAddress(),
            terms.releaseSigner(), terms.disputeResolver(), terms.receiver()),
        terms.amount().stroops(), terms.platformFeeBps(), milestones, network.usdcIssuer(), network.usdcCode());
    byte[] salt = new byte[32];
    RANDOM.nextBytes(salt);
    String function = network.defaultVariant() == SimulatedNetwork.Variant.A ? EscrowArgs.DEPLOY_A
        : EscrowArgs.DEPLOY_B;
    return build(signer, network.deployerContract(), function, List.of(ScVal.address(signer),
        new ScVal.Bytes(HexFormat.of().formatHex(salt)), EscrowArgs.escrowMap(properties)));
  }

  @Override
  public String deployedContractId(String deployTransactionHash) {
    network.fault(CallKind.ESCROW, true);
    TxRecord record = network.record(deployTransactionHash);
    if (record == null || !record.success() || !(record.result().returnValue() instanceof ScVal.Address address)) {
      throw new EscrowGatewayException(404, "no contract deployed by " + deployTransactionHash);
    }
    return address.value();
  }

  @Override
  public UnsignedTransaction fund(String contractId, String funder, Money amount) {
    EscrowView view = requireContract(contractId);
    return build(funder, contractId, EscrowArgs.FUND, List.of(ScVal.address(funder), EscrowArgs.escrowMap(view),
        ScVal.i128(amount.stroops())));
  }

  @Override
  public UnsignedTransaction changeMilestoneStatus(String contractId, int index, String status, String serviceProvider) {
    requireContract(contractId);
    return build(serviceProvider, contractId, EscrowArgs.CHANGE_STATUS, List.of(ScVal.i128(index), ScVal.str(status),
        new ScVal.Void(), ScVal.address(serviceProvider)));
  }

  @Override
  public UnsignedTransaction approveMilestone(String contractId, int index, String approver) {
    requireContract(contractId);
    return build(approver, contractId, EscrowArgs.APPROVE, List.of(ScVal.i128(index), ScVal.address(approver)));
  }

  @Override
  public UnsignedTransaction release(String contractId, String releaseSigner) {
    EscrowView view = requireContract(contractId);
    List<ScVal> args = view.variant() == SimulatedNetwork.Variant.A ? List.of(ScVal.address(releaseSigner))
        : List.of(ScVal.address(releaseSigner), ScVal.address(network.serviceFeeAccount()));
    return build(releaseSigner, contractId, EscrowArgs.RELEASE, args);
  }

  @Override
  public UnsignedTransaction dispute(String contractId, String signer) {
    requireContract(contractId);
    return build(signer, contractId, EscrowArgs.DISPUTE, List.of(ScVal.address(signer)));
  }

  @Override
  public UnsignedTransaction resolve(String contractId, String resolver, List<Distribution> distributions) {
    EscrowView view = requireContract(contractId);
    if (distributions.isEmpty()) {
      throw new EscrowGatewayException(400, "at least one distribution is required");
    }
    Map<String, Long> merged = new LinkedHashMap<>();
    distributions.stream().sorted(java.util.Comparator.comparing(Distribution::address))
        .forEach(d -> merged.merge(d.address(), d.amount().stroops(), Long::sum));
    List<ScVal.Entry> entries = new ArrayList<>();
    merged.forEach((address, stroops) -> entries.add(new ScVal.Entry(ScVal.address(address), ScVal.i128(stroops))));
    ScVal.Map map = new ScVal.Map(entries);
    List<ScVal> args = view.variant() == SimulatedNetwork.Variant.A ? List.of(ScVal.address(resolver), map)
        : List.of(ScVal.address(resolver), ScVal.address(network.serviceFeeAccount()), map);
    return build(resolver, contractId, EscrowArgs.RESOLVE, args);
  }

  @Override
  public EscrowSnapshot inspect(String contractId) {
    EscrowView c = requireContract(contractId);
    List<String> statuses = new ArrayList<>();
    List<Boolean> approvals = new ArrayList<>();
    for (EscrowArgs.Milestone m : c.milestones()) {
      statuses.add(m.status());
      approvals.add(m.approved());
    }
    return new EscrowSnapshot(c.contractId(), Money.ofStroops(c.balance()), c.funded(), c.released(), c.disputed(),
        c.resolved(), statuses, approvals, c.platformFeeBps(), c.serviceFeeBps(),
        c.variant() == SimulatedNetwork.Variant.A ? PayoutFormula.WHOLE_FEES : PayoutFormula.SHARED_FEES);
  }
}
