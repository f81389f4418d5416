package com.offerhub.orchestrator.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.CreateOrderRequest;
import com.offerhub.orchestrator.CreateWithdrawalRequest;
import com.offerhub.orchestrator.OpenDisputeRequest;
import com.offerhub.orchestrator.OrchestratorEngine;
import com.offerhub.orchestrator.OrchestratorException;
import com.offerhub.orchestrator.ResolveDisputeRequest;
import com.offerhub.orchestrator.model.Balance;
import com.offerhub.orchestrator.model.DisputeParty;
import com.offerhub.orchestrator.model.DisputeReason;
import com.offerhub.orchestrator.model.LedgerAccounts;
import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.model.Order;
import com.offerhub.orchestrator.model.ResolutionDecision;
import com.offerhub.orchestrator.model.User;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random command sequences, checked after every step: the ledger verifies, nothing is negative,
 * user balances + escrowed + withdrawn + fees = deposits, and the chain equals the books.
 */
class PropertyTest {
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void randomCommandSequencesKeepTheInvariants(long seed) {
    Random random = new Random(seed);
    TestEngine test = TestEngine.builder().serviceFeeBps(seed % 2 == 0 ? 30 : 0).platformFeeBps(seed % 3 == 0 ? 150 : 0)
        .build();
    OrchestratorEngine engine = test.engine();
    List<User> users = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      users.add(test.fundedUser("u" + i, (20 + random.nextInt(80)) + "." + random.nextInt(10) + "5"));
    }
    List<String> orders = new ArrayList<>();
    for (int step = 0; step < 60; step++) {
      try {
        act(test, engine, random, users, orders);
      } catch (OrchestratorException expected) {
        // refusals are part of the model; the invariants must hold either way
      }
      check(test, engine, users);
    }
  }

  private static void act(TestEngine test, OrchestratorEngine engine, Random random, List<User> users,
      List<String> orders) {
    User a = users.get(random.nextInt(users.size()));
    User b = users.get((users.indexOf(a) + 1 + random.nextInt(users.size() - 1)) % users.size());
    String amount = (1 + random.nextInt(30)) + "." + String.format("%02d", random.nextInt(100));
    switch (random.nextInt(9)) {
      case 0 -> test.deposit(a, amount);
      case 1 -> orders.add(engine.orders().create(CreateOrderRequest.of(a.id(), b.id(), amount, "job")).order().id());
      case 2, 3, 4, 5 -> {
        if (!orders.isEmpty()) {
          advance(engine, orders.get(random.nextInt(orders.size())), random);
        }
      }
      case 6 -> engine.withdrawals().create(CreateWithdrawalRequest.crypto(a.id(), amount,
          engine.wallets().depositAddress(b.id())));
      case 7 -> engine.scanDeposits();
      default -> {
        if (!orders.isEmpty()) {
          engine.orders().cancel(orders.get(random.nextInt(orders.size())), null);
        }
      }
    }
  }

  private static void advance(OrchestratorEngine engine, String orderId, Random random) {
    Order order = engine.orders().get(orderId).order();
    switch (order.status()) {
      case ORDER_CREATED -> engine.orders().reserve(orderId);
      case FUNDS_RESERVED -> engine.orders().createEscrow(orderId);
      case ESCROW_FUNDING -> engine.orders().fundEscrow(orderId);
      case IN_PROGRESS -> {
        switch (random.nextInt(3)) {
          case 0 -> engine.orders().release(orderId);
          case 1 -> engine.orders().refund(orderId, "refund");
          default -> engine.orders().openDispute(orderId, new OpenDisputeRequest(DisputeParty.BUYER,
              DisputeReason.OTHER, null));
        }
      }
      case DISPUTED -> {
        String disputeId = engine.orders().get(orderId).dispute().id();
        if (engine.disputes().get(disputeId).assignedTo() == null) {
          engine.disputes().assign(disputeId, "agent");
        }
        Money half = Money.ofStroops(order.amount().stroops() / 2);
        ResolveDisputeRequest request = switch (random.nextInt(3)) {
          case 0 -> ResolveDisputeRequest.of(ResolutionDecision.FULL_RELEASE);
          case 1 -> ResolveDisputeRequest.of(ResolutionDecision.FULL_REFUND);
          default -> half.isPositive() ? ResolveDisputeRequest.split(half.format(),
              order.amount().minus(half).format()) : ResolveDisputeRequest.of(ResolutionDecision.FULL_REFUND);
        };
        engine.disputes().resolve(disputeId, request);
      }
      default -> { }
    }
  }

  private static void check(TestEngine test, OrchestratorEngine engine, List<User> users) {
    // Payments between users' wallets reach the books through the deposit watcher.
    while (engine.scanDeposits() > 0) {
      engine.scanDeposits();
    }
    assertTrue(engine.ledger().verify().isClean(), () -> engine.ledger().verify().problems().toString());
    assertEquals(List.of(), test.booksVersusChain());
    Map<String, Money> accounts = engine.ledger().balances();
    Money held = Money.ZERO;
    for (Map.Entry<String, Money> account : accounts.entrySet()) {
      if (!LedgerAccounts.isExternal(account.getKey())) {
        assertFalse(account.getValue().isNegative(), account.getKey());
        held = held.plus(account.getValue());
      }
    }
    Money deposits = accounts.getOrDefault(LedgerAccounts.DEPOSITS, Money.ZERO).negate();
    Money out = accounts.getOrDefault(LedgerAccounts.WITHDRAWALS, Money.ZERO)
        .plus(accounts.getOrDefault(LedgerAccounts.SERVICE_FEES, Money.ZERO));
    assertEquals(deposits, held.plus(out), "balances + escrowed + withdrawn + fees must equal deposits");
    for (User user : users) {
      Balance balance = test.balance(user);
      assertFalse(balance.available().isNegative() || balance.reserved().isNegative());
    }
  }
}
