/**
 * The Stellar network behind the engine: {@link com.offerhub.orchestrator.stellar.StellarChainAdapter}
 * on Horizon and Soroban RPC, configured by {@link com.offerhub.orchestrator.stellar.StellarSettings}.
 * The Trustless Work escrow gateway lives in the {@code trustless} sub-package.
 */
package com.offerhub.orchestrator.stellar;
