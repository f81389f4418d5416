package com.offerhub.orchestrator.stellar.trustless;

import com.offerhub.orchestrator.spi.escrow.PayoutFormula;

/**
 * Which build of the single-release escrow contract the service deploys (spec/05 §5, "Verified
 * against the contract source"): [A] has the Trustless Work fee address fixed in the contract and
 * deploys through {@code deploy}; [B] takes that address as an argument of release and resolve and
 * deploys through {@code tw_new_single_release_escrow}. Each escrow keeps the code it was deployed
 * with.
 */
public enum ContractVariant {
  A("deploy", false, PayoutFormula.WHOLE_FEES),
  B("tw_new_single_release_escrow", true, PayoutFormula.SHARED_FEES);

  private final String deployFunction;
  private final boolean feeAddressArgument;
  private final PayoutFormula payoutFormula;

  ContractVariant(String deployFunction, boolean feeAddressArgument, PayoutFormula payoutFormula) {
    this.deployFunction = deployFunction;
    this.feeAddressArgument = feeAddressArgument;
    this.payoutFormula = payoutFormula;
  }

  /** How a dispute resolution of this build shares the fees among its payees. */
  public PayoutFormula payoutFormula() {
    return payoutFormula;
  }

  /** The deployer contract's function that creates an escrow. */
  public String deployFunction() {
    return deployFunction;
  }

  /** Whether release and resolve take the Trustless Work fee address as their second argument. */
  public boolean feeAddressArgument() {
    return feeAddressArgument;
  }
}
