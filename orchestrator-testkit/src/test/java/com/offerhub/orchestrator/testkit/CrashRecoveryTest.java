package com.offerhub.orchestrator.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.CreateOrderRequest;
import com.offerhub.orchestrator.CreateWithdrawalRequest;
import com.offerhub.orchestrator.OrchestratorEngine;
import com.offerhub.orchestrator.OrchestratorException;
import com.offerhub.orchestrator.internal.SagaRunner;
import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.model.OrderStatus;
import com.offerhub.orchestrator.model.User;
import com.offerhub.orchestrator.model.WithdrawalStatus;
import com.offerhub.orchestrator.testkit.network.CallKind;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Crash injection: the runner is stopped before each persisted step of a full order lifecycle
 * (deploy, fund, three release transactions: 15 step transitions) and of a withdrawal; a fresh
 * engine on the same storage and network then finishes the work. Every flow must end exactly once
 * with the books equal to the chain.
 */
class CrashRecoveryTest {
  private static final int LIFECYCLE_TRANSITIONS = 15;

  @ParameterizedTest(name = "crash before step transition {0}")
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
  void everyOrderStepResumesExactlyOnce(int crashAt) {
    TestEngine test = TestEngine.inMemory();
    User buyer = test.fundedUser("buyer", "100.00");
    User seller = test.user("seller");
    OrchestratorEngine engine = test.engine();
    String id = engine.orders().create(CreateOrderRequest.of(buyer.id(), seller.id(), "80.00", "Logo")).order().id();
    engine.orders().reserve(id);
    AtomicInteger transitions = new AtomicInteger();
    engine.setSagaStepHook((saga, step, next) -> {
      if (transitions.incrementAndGet() == crashAt) {
        throw new SagaRunner.SimulatedCrash("crash before " + saga.kind() + " step " + step.index() + " -> " + next);
      }
    });
    boolean crashed = false;
    try {
      engine.orders().createEscrow(id);
      engine.orders().fundEscrow(id);
      engine.orders().release(id);
    } catch (SagaRunner.SimulatedCrash e) {
      crashed = true;
    }
    assertTrue(crashed, "the hook must have fired at transition " + crashAt + " of " + transitions.get());
    OrchestratorEngine fresh = test.restart();
    test.closeOrder(fresh, id);
    assertEquals(Money.of(80), test.balance(seller).available());
    assertEquals(Money.of(20), test.balance(buyer).available());
    assertTrue(fresh.ledger().verify().isClean(), fresh.ledger().verify().problems().toString());
    assertEquals(List.of(), test.booksVersusChain());
  }

  @Test
  void lifecycleHasTheExpectedNumberOfTransitions() {
    TestEngine test = TestEngine.inMemory();
    User buyer = test.fundedUser("buyer", "100.00");
    User seller = test.user("seller");
    AtomicInteger transitions = new AtomicInteger();
    test.engine().setSagaStepHook((saga, step, next) -> transitions.incrementAndGet());
    test.engine().orders().release(test.fundedOrder(buyer, seller, "80.00").order().id());
    assertEquals(LIFECYCLE_TRANSITIONS, transitions.get());
  }

  @ParameterizedTest(name = "crash before withdrawal transition {0}")
  @ValueSource(ints = {1, 2, 3})
  void withdrawalResumesExactlyOnce(int crashAt) {
    TestEngine test = TestEngine.inMemory();
    User payer = test.fundedUser("payer", "50.00");
    User payee = test.user("payee");
    OrchestratorEngine engine = test.engine();
    AtomicInteger transitions = new AtomicInteger();
    engine.setSagaStepHook((saga, step, next) -> {
      if (transitions.incrementAndGet() == crashAt) {
        throw new SagaRunner.SimulatedCrash("crash");
      }
    });
    try {
      engine.withdrawals().create(CreateWithdrawalRequest.crypto(payer.id(), "30.00",
          engine.wallets().depositAddress(payee.id())));
    } catch (SagaRunner.SimulatedCrash expected) {
      // the process "died" here
    }
    OrchestratorEngine fresh = test.restart();
    fresh.runPendingWork();
    var withdrawal = fresh.withdrawals().list(payer.id(), 0, 10).get(0);
    assertEquals(WithdrawalStatus.WITHDRAWAL_COMPLETED, withdrawal.status());
    assertEquals(Money.of(20), test.balance(payer).available());
    assertEquals(Money.of(30), test.network().usdcBalance(fresh.wallets().depositAddress(payee.id())));
    assertEquals(List.of(), test.booksVersusChain());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"applied but response lost", "timed out, never applied"})
  void ambiguousSubmitsAreResolvedByHash(String fault) {
    TestEngine test = TestEngine.inMemory();
    User buyer = test.fundedUser("buyer", "100.00");
    User seller = test.user("seller");
    OrchestratorEngine engine = test.engine();
    String id = test.fundedOrder(buyer, seller, "80.00").order().id();
    if (fault.startsWith("applied")) {
      test.network().loseResponseNext(CallKind.SUBMIT, 3);
    } else {
      test.network().timeoutNext(CallKind.SUBMIT, 3);
    }
    engine.orders().release(id);
    test.closeOrder(engine, id);
    assertEquals(Money.of(80), test.balance(seller).available());
    assertEquals(Money.of(20), test.balance(buyer).available());
    assertEquals(List.of(), test.booksVersusChain());
  }

  @Test
  void refusedFundingKeepsTheMoneyReservedAndCanBeRetried() {
    TestEngine test = TestEngine.inMemory();
    User buyer = test.fundedUser("buyer", "100.00");
    User seller = test.user("seller");
    OrchestratorEngine engine = test.engine();
    // A manual credit puts book money in the balance that is not on chain, so funding is refused on chain.
    engine.balances().credit(buyer.id(), com.offerhub.orchestrator.BalanceRequest.of("100.00"), "manual adjustment");
    String id = engine.orders().create(CreateOrderRequest.of(buyer.id(), seller.id(), "150.00", "Logo")).order()
        .id();
    engine.orders().reserve(id);
    engine.orders().createEscrow(id);
    OrchestratorException refused = org.junit.jupiter.api.Assertions.assertThrows(OrchestratorException.class,
        () -> engine.orders().fundEscrow(id));
    assertEquals(com.offerhub.orchestrator.ErrorCode.ESCROW_FUNDING_FAILED, refused.code());
    assertEquals(OrderStatus.ESCROW_FUNDING, engine.orders().get(id).order().status());
    assertEquals(Money.of(150), test.balance(buyer).reserved());
    test.deposit(buyer, "50.00");
    assertEquals(OrderStatus.IN_PROGRESS, engine.orders().fundEscrow(id).order().status());
    engine.balances().debit(buyer.id(), com.offerhub.orchestrator.BalanceRequest.of("100.00"), "manual adjustment");
    assertTrue(engine.ledger().verify().isClean());
    assertEquals(List.of(), test.booksVersusChain());
  }
}
