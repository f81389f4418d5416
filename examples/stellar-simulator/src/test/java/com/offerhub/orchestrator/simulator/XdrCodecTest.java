package com.offerhub.orchestrator.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.offerhub.orchestrator.testkit.network.Asset;
import com.offerhub.orchestrator.testkit.network.Op;
import com.offerhub.orchestrator.testkit.network.Tx;
import com.offerhub.orchestrator.testkit.network.TxCodec;
import org.junit.jupiter.api.Test;
import org.stellar.sdk.KeyPair;
import org.stellar.sdk.Transaction;

class XdrCodecTest {
  /** The load knob's hand-written payment XDR is byte for byte what the SDK's builder makes. */
  @Test
  void theDirectPaymentEncodingEqualsTheSdkBuilders() throws Exception {
    XdrCodec codec = new XdrCodec(Sim.NETWORK.getNetworkPassphrase());
    Tx tx = Tx.builder().source(KeyPair.random().getAccountId()).sequence(77).fee(100)
        .op(new Op.Payment(null, KeyPair.random().getAccountId(),
            Asset.credit("USDC", StellarSimulator.TESTNET_USDC_ISSUER), 12_345)).build();
    Transaction built = codec.build(tx, null);
    TxCodec.Encoded fast = codec.encode(tx, Sim.NETWORK.getNetworkPassphrase());
    assertEquals(built.hashHex(), fast.hash());
    assertEquals(built.toEnvelopeXdrBase64(), fast.envelope());
    Tx decoded = codec.decode(fast.envelope());
    assertEquals(tx.operations(), decoded.operations());
    assertEquals(fast.hash(), decoded.hash());
  }
}
