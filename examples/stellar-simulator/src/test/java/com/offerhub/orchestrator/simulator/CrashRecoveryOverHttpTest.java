package com.offerhub.orchestrator.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.CreateOrderRequest;
import com.offerhub.orchestrator.CreateWithdrawalRequest;
import com.offerhub.orchestrator.OrchestratorEngine;
import com.offerhub.orchestrator.internal.SagaRunner;
import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.model.OrderStatus;
import com.offerhub.orchestrator.model.User;
import com.offerhub.orchestrator.model.WithdrawalStatus;
import com.offerhub.orchestrator.testkit.InMemoryStorage;
import com.offerhub.orchestrator.testkit.TestEngine;
import com.offerhub.orchestrator.testkit.network.EscrowArgs;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The process dies before any persisted step of an order's life (deploy, fund, complete, approve,
 * release: three transitions each) or of a withdrawal; {@link TestEngine#restart()} brings up a new
 * engine on new adapters over HTTP (as a restarted process would), which finishes the work from
 * the stored steps, looking hashes up before building anything: one transaction per step on chain.
 */
class CrashRecoveryOverHttpTest {
  private OverHttp net;
  private TestEngine test;

  @AfterEach
  void stop() {
    if (net != null) {
      net.close();
    }
  }

  private TestEngine start() {
    net = OverHttp.start();
    test = net.configure(TestEngine.builder().storage(new InMemoryStorage())).build();
    return test;
  }

  /** Crashes the engine's runner before its {@code crashAt}-th persisted step transition. */
  private static void crashAt(OrchestratorEngine engine, int crashAt) {
    AtomicInteger transitions = new AtomicInteger();
    engine.setSagaStepHook((saga, step, next) -> {
      if (transitions.incrementAndGet() == crashAt) {
        throw new SagaRunner.SimulatedCrash("crash before " + step.action() + " -> " + next);
      }
    });
  }

  @ParameterizedTest(name = "crash before step transition {0}")
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
  void everyOrderStepResumesExactlyOnceOnANewEngineAndNewAdapters(int crashAt) {
    start();
    User buyer = test.fundedUser("buyer", "100.00");
    User seller = test.user("seller");
    OrchestratorEngine engine = test.engine();
    String id = engine.orders().create(CreateOrderRequest.of(buyer.id(), seller.id(), "80.00", "Logo")).order().id();
    engine.orders().reserve(id);
    crashAt(engine, crashAt);
    boolean crashed = false;
    try {
      engine.orders().createEscrow(id);
      engine.orders().fundEscrow(id);
      engine.orders().release(id);
    } catch (SagaRunner.SimulatedCrash e) {
      crashed = true;
    }
    assertTrue(crashed, "the crash fired");
    OrchestratorEngine fresh = test.restart();
    test.closeOrder(fresh, id);
    assertEquals(OrderStatus.CLOSED, fresh.orders().get(id).order().status());
    assertEquals(Money.of(80), test.balance(seller).available());
    assertEquals(Money.of(20), test.balance(buyer).available());
    String contractId = fresh.orders().get(id).escrow().contractId();
    var operations = net.simulator.network().operations(null, null, true, 10_000);
    for (String function : List.of(EscrowArgs.FUND, EscrowArgs.CHANGE_STATUS, EscrowArgs.APPROVE,
        EscrowArgs.RELEASE)) {
      assertEquals(1, operations.stream().filter(op -> contractId.equals(op.contract())
          && function.equals(op.function())).count(), "one " + function + " on chain");
    }
    assertEquals(1, operations.stream().filter(op -> EscrowArgs.DEPLOY_B.equals(op.function())).count(),
        "one deploy on chain");
    assertTrue(fresh.ledger().verify().isClean(), fresh.ledger().verify().problems().toString());
    assertEquals(List.of(), test.booksVersusChain());
  }

  @ParameterizedTest(name = "crash before withdrawal transition {0}")
  @ValueSource(ints = {1, 2, 3})
  void aWithdrawalResumesExactlyOnceOnANewEngineAndNewAdapters(int crashAt) {
    start();
    User payer = test.fundedUser("payer", "50.00");
    User payee = test.user("payee");
    OrchestratorEngine engine = test.engine();
    String destination = engine.wallets().depositAddress(payee.id());
    crashAt(engine, crashAt);
    try {
      engine.withdrawals().create(CreateWithdrawalRequest.crypto(payer.id(), "30.00", destination));
    } catch (SagaRunner.SimulatedCrash expected) {
      // the process died here
    }
    OrchestratorEngine fresh = test.restart();
    net.simulator.network().closeLedger();
    fresh.runPendingWork();
    assertEquals(WithdrawalStatus.WITHDRAWAL_COMPLETED, fresh.withdrawals().list(payer.id(), 0, 10).get(0).status());
    assertEquals(Money.of(20), test.balance(payer).available());
    assertEquals(Money.of(30), test.network().usdcBalance(destination));
    assertEquals(1, test.network().operations(destination, null, true, 100).stream()
        .filter(op -> op.type().equals("payment") && destination.equals(op.to())).count(), "one payment");
    assertEquals(List.of(), test.booksVersusChain());
  }
}
