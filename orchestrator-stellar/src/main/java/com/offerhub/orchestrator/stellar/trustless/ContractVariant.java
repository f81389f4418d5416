package com.offerhub.orchestrator.stellar.trustless;

/**
 * Which build of the single-release escrow contract the service deploys (spec/05 §5, "Verified
 * against the contract source"): [A] has the Trustless Work fee address fixed in the contract and
 * deploys through {@code deploy}; [B] takes that address as an argument of release and resolve and
 * deploys through {@code tw_new_single_release_escrow}. Each escrow keeps the code it was deployed
 * with.
 */
public enum ContractVariant {
  A("deploy", false),
  B("tw_new_single_release_escrow", true);

  private final String deployFunction;
  private final boolean feeAddressArgument;

  ContractVariant(String deployFunction, boolean feeAddressArgument) {
    this.deployFunction = deployFunction;
    this.feeAddressArgument = feeAddressArgument;
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
