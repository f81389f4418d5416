package com.offerhub.orchestrator.spi.escrow;

import com.offerhub.orchestrator.spi.chain.UnsignedTransaction;
import java.util.List;

/**
 * Trustless Work single-release escrow contracts. Every write returns an unsigned transaction that
 * the engine signs with the key of the role named in its Javadoc and submits through the
 * {@link com.offerhub.orchestrator.spi.chain.ChainAdapter}. May talk to the network; never called
 * inside a storage transaction. Failures to reach the service raise {@link EscrowGatewayException}.
 */
public interface EscrowGateway {
  /** Deploys a contract with the given roles and terms; signed by the platform ({@code deployer}). */
  UnsignedTransaction deploy(EscrowTerms terms);

  /** The contract id created by a confirmed deploy transaction. */
  String deployedContractId(String deployTransactionHash);

  /** Funds the contract with {@code amount} USDC from {@code funder}; signed by the funder. */
  UnsignedTransaction fund(String contractId, String funder, com.offerhub.orchestrator.model.Money amount);

  /** Marks milestone {@code index} with {@code status}; signed by the service provider. */
  UnsignedTransaction changeMilestoneStatus(String contractId, int index, String status, String serviceProvider);

  /** Approves milestone {@code index}; signed by the approver. */
  UnsignedTransaction approveMilestone(String contractId, int index, String approver);

  /** Releases the funds to the receiver, net of fees; signed by the release signer. */
  UnsignedTransaction release(String contractId, String releaseSigner);

  /** Opens a dispute on chain; signed by the approver or service provider. */
  UnsignedTransaction dispute(String contractId, String signer);

  /** Resolves a dispute by distributing the balance; signed by the dispute resolver. */
  UnsignedTransaction resolve(String contractId, String resolver, List<Distribution> distributions);

  /** The contract as the network sees it. */
  EscrowSnapshot inspect(String contractId);
}
