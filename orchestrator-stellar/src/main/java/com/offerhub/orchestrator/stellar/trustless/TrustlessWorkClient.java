package com.offerhub.orchestrator.stellar.trustless;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * The Trustless Work REST API for single-release escrows, one method per endpoint the gateway uses
 * (spec/05 §2). Addresses are Stellar strkeys ({@code G…} accounts, {@code C…} contracts); amounts
 * are token units (USDC, not stroops). Each write step only <em>builds</em> an unsigned transaction
 * (base64 XDR) for the named signer; nothing changes on chain until that transaction is signed and
 * submitted. Failures throw {@link TrustlessWorkException}. Implementations are thread-safe; a V2 API
 * gets its own implementation without touching the gateway.
 */
public interface TrustlessWorkClient {
  /** {@code POST /deployer/single-release}: builds the deploy, signed by {@code request.signer()}. */
  String deploySingleRelease(DeployRequest request);

  /** {@code POST /escrow/single-release/fund-escrow}: builds a transfer of {@code amount} from {@code signer}. */
  String fundEscrow(String contractId, String signer, BigDecimal amount);

  /** {@code POST /escrow/single-release/change-milestone-status}; {@code evidence} may be null. */
  String changeMilestoneStatus(String contractId, int milestoneIndex, String newStatus, String evidence,
      String serviceProvider);

  /** {@code POST /escrow/single-release/approve-milestone}. */
  String approveMilestone(String contractId, int milestoneIndex, String approver);

  /** {@code POST /escrow/single-release/release-funds}. */
  String releaseFunds(String contractId, String releaseSigner);

  /** {@code POST /escrow/single-release/dispute-escrow}. */
  String disputeEscrow(String contractId, String signer);

  /** {@code POST /escrow/single-release/resolve-dispute}: each payout's gross amount, before fees. */
  String resolveDispute(String contractId, String disputeResolver, List<Payout> distributions);

  /**
   * {@code POST /helper/send-transaction}: submits a signed transaction. Unlike the step endpoints
   * this applies something, so a timeout or 5xx is {@link TrustlessWorkException.Kind#UNKNOWN}.
   */
  SendResult sendTransaction(String signedXdr);

  /** {@code GET /helper/get-escrow-by-contract-ids}; unknown ids are simply absent from the answer. */
  List<IndexedEscrow> escrowsByContractIds(List<String> contractIds, boolean validateOnChain);

  /** {@code GET /helper/get-escrows-by-signer} filtered by engagement id. */
  List<IndexedEscrow> escrowsBySigner(String signer, String engagementId);

  /** The six roles of a single-release escrow (spec/05 §6). */
  record Roles(String approver, String serviceProvider, String platformAddress, String releaseSigner,
      String disputeResolver, String receiver) {
    public Roles {
      Objects.requireNonNull(approver, "approver");
      Objects.requireNonNull(serviceProvider, "serviceProvider");
      Objects.requireNonNull(platformAddress, "platformAddress");
      Objects.requireNonNull(releaseSigner, "releaseSigner");
      Objects.requireNonNull(disputeResolver, "disputeResolver");
      Objects.requireNonNull(receiver, "receiver");
    }
  }

  /**
   * The deploy body of spec/05 §3.2. {@code platformFeePercent} is a percentage ({@code 2.5} is
   * 250 basis points); {@code trustlineAddress} is the USDC issuer.
   */
  record DeployRequest(String signer, String engagementId, String title, String description, Roles roles,
      BigDecimal amount, BigDecimal platformFeePercent, List<String> milestones, String trustlineAddress,
      String trustlineSymbol) {
    public DeployRequest {
      Objects.requireNonNull(signer, "signer");
      Objects.requireNonNull(engagementId, "engagementId");
      Objects.requireNonNull(title, "title");
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(roles, "roles");
      Objects.requireNonNull(amount, "amount");
      Objects.requireNonNull(platformFeePercent, "platformFeePercent");
      milestones = List.copyOf(milestones);
      Objects.requireNonNull(trustlineAddress, "trustlineAddress");
      Objects.requireNonNull(trustlineSymbol, "trustlineSymbol");
    }
  }

  /** One entry of a dispute resolution: {@code amount} token units to {@code address}. */
  record Payout(String address, BigDecimal amount) {
    public Payout {
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(amount, "amount");
    }
  }

  /** What send-transaction answered: {@code SUCCESS}, and after a deploy the new contract's id (else null). */
  record SendResult(String status, String message, String contractId) {
  }

  /** A milestone as the indexer reports it; a missing status is empty. */
  record Milestone(String description, String status, boolean approved) {
  }

  /**
   * An escrow as the indexer reports it (spec/05 §3.1): token units for {@code amount} and
   * {@code balance}, {@code platformFeePercent} as a percentage.
   */
  record IndexedEscrow(String contractId, String engagementId, String signer, Roles roles, BigDecimal amount,
      BigDecimal balance, BigDecimal platformFeePercent, boolean disputed, boolean released, boolean resolved,
      List<Milestone> milestones) {
    public IndexedEscrow {
      milestones = List.copyOf(milestones);
    }
  }
}
