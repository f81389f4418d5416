package com.offerhub.orchestrator.simulator;

import com.offerhub.orchestrator.testkit.network.EscrowArgs;
import com.offerhub.orchestrator.testkit.network.SimulatedNetwork;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.stellar.sdk.InvokeHostFunctionOperation;
import org.stellar.sdk.KeyPair;
import org.stellar.sdk.scval.Scv;
import org.stellar.sdk.xdr.SCVal;

/** Escrow contract calls built directly with the SDK (what an adapter building its own transactions sends). */
final class Escrows {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Escrows() {}

  /** A deploy of a 100 USDC escrow with a 5 % platform fee: buyer approves and releases, seller receives, platform resolves. */
  static InvokeHostFunctionOperation deploy(SimulatedNetwork network, KeyPair signer, KeyPair buyer, KeyPair seller,
      KeyPair platform, String amountStroops) {
    EscrowArgs.Properties properties = new EscrowArgs.Properties("ord_rpc", "Logo", "A logo",
        new EscrowArgs.Roles(buyer.getAccountId(), seller.getAccountId(), platform.getAccountId(),
            buyer.getAccountId(), platform.getAccountId(), seller.getAccountId()),
        Long.parseLong(amountStroops), 500, List.of(new EscrowArgs.Milestone("Logo", "", null, false)),
        network.usdcIssuer(), "USDC");
    byte[] salt = new byte[32];
    RANDOM.nextBytes(salt);
    List<SCVal> args = new ArrayList<>();
    args.add(Scv.toAddress(signer.getAccountId()));
    args.add(Scv.toBytes(salt));
    args.add(XdrCodec.scVal(EscrowArgs.escrowMap(properties)));
    String function = network.defaultVariant() == SimulatedNetwork.Variant.A ? EscrowArgs.DEPLOY_A
        : EscrowArgs.DEPLOY_B;
    return InvokeHostFunctionOperation.invokeContractFunctionOperationBuilder(network.deployerContract(), function,
        args).build();
  }
}
