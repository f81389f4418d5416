package com.offerhub.orchestrator.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.model.Deposit;
import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.model.User;
import com.offerhub.orchestrator.testkit.InMemoryStorage;
import com.offerhub.orchestrator.testkit.network.SimulatedNetwork;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.stellar.sdk.Asset;
import org.stellar.sdk.AssetTypeNative;
import org.stellar.sdk.KeyPair;
import org.stellar.sdk.PathPaymentStrictReceiveOperation;
import org.stellar.sdk.PathPaymentStrictSendOperation;
import org.stellar.sdk.PaymentOperation;
import org.stellar.sdk.responses.SubmitTransactionResponse;

/**
 * Which operations into a wallet the watcher credits (spec/04 §6.2), through the real adapter
 * reading the simulator's Horizon: a USDC payment of the configured issuer, the USDC a path
 * payment delivers (not what it cost) and another application's contract paying USDC are
 * credited once each; XLM is not, and USDC of another issuer cannot even reach a wallet (it
 * trusts only the configured USDC). Our own escrow contracts' payouts are booked by the escrow
 * flow instead, not by the watcher (TestnetModeTest, EngineScenarios).
 */
class DepositKindsOverHttpTest {
  @Test
  void onlyUsdcOfTheIssuerArrivingInTheWalletIsCreditedAndPathPaymentsCountWhatTheyDeliver() throws Exception {
    try (Sim sim = Sim.instant();
        EngineOnSimulator node = EngineOnSimulator.start(sim.simulator, new InMemoryStorage(), KeyPair.random(),
            EngineOnSimulator.newCipher(), Duration.ofSeconds(15), "kinds-1")) {
      SimulatedNetwork network = sim.simulator.network();
      User user = node.user("kinds");
      String wallet = node.address(user);
      KeyPair holder = sim.withTrustline();
      sim.deposit(holder, "100");
      KeyPair xlmOnly = sim.funded();
      String fakeIssuer = sim.funded().getAccountId();

      String plain = accepted(sim.submit(holder, new PaymentOperation.Builder(wallet, sim.usdc, "10").build()));
      String xlm = accepted(sim.submit(xlmOnly, new PaymentOperation.Builder(wallet, new AssetTypeNative(), "7")
          .build()));
      // 50 XLM for at least 4.9 USDC: the simulator's book delivers 5 (10 XLM a USDC)
      String strictSend = accepted(sim.submit(xlmOnly, new PathPaymentStrictSendOperation.Builder(
          new AssetTypeNative(), "50", wallet, sim.usdc, "4.9").build()));
      // exactly 2.5 USDC for at most 30 XLM (it costs 25)
      String strictReceive = accepted(sim.submit(xlmOnly, new PathPaymentStrictReceiveOperation.Builder(
          new AssetTypeNative(), "30", wallet, sim.usdc, "2.5").build()));
      String contract = network.payFromForeignContract(wallet, Money.parsePositive("3.25"));
      SubmitTransactionResponse otherIssuer = sim.submit(holder, new PaymentOperation.Builder(wallet,
          Asset.create("USDC:" + fakeIssuer), "9").build());
      assertFalse(otherIssuer.isSuccess(), "USDC of another issuer never reaches a wallet that does not trust it");
      SubmitTransactionResponse tooMuch = sim.submit(holder, new PaymentOperation.Builder(wallet, sim.usdc, "1000")
          .build());
      assertFalse(tooMuch.isSuccess(), "a failed payment is listed nowhere");

      long head = network.operations(null, null, false, 1).get(0).id();
      for (int run = 0; run < 10 && !String.valueOf(head).equals(node.cursor()); run++) {
        node.engine.runPendingWork();
      }
      assertEquals(String.valueOf(head), node.cursor(), "the watcher read everything");

      assertEquals(Money.of(10), credited(node, plain).amount());
      assertEquals(Money.of(5), credited(node, strictSend).amount(), "what the path payment delivered, not the 50 XLM");
      assertEquals(Money.parsePositive("2.5"), credited(node, strictReceive).amount());
      Deposit fromContract = credited(node, contract);
      assertEquals(Money.parsePositive("3.25"), fromContract.amount());
      assertTrue(fromContract.sender().startsWith("C"), "the sender recorded is the contract: " + fromContract.sender());
      assertTrue(node.deposit(xlm, 0).isEmpty(), "XLM is gas, never a deposit");
      Money expected = Money.parsePositive("20.75");
      assertEquals(expected, node.engine.balances().get(user.id()).available(), "each credited once");
      assertEquals(expected, node.engine.wallets().onChainBalance(user.id()), "the books match the wallet on chain");
      assertEquals(Money.of(7), node.engine.wallets().onChainXlmBalance(user.id()), "the XLM stays in the wallet");
      assertTrue(node.engine.ledger().verify().isClean());
    }
  }

  private static String accepted(SubmitTransactionResponse response) {
    assertTrue(response.isSuccess(), () -> Sim.codes(response));
    return response.getHash();
  }

  private static Deposit credited(EngineOnSimulator node, String hash) {
    return node.deposit(hash, 0).orElseThrow(() -> new AssertionError("not credited: " + hash));
  }
}
