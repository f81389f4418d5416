package com.offerhub.orchestrator.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.BalanceRequest;
import com.offerhub.orchestrator.CreateOrderRequest;
import com.offerhub.orchestrator.CreateWithdrawalRequest;
import com.offerhub.orchestrator.ErrorCode;
import com.offerhub.orchestrator.OrchestratorEngine;
import com.offerhub.orchestrator.OrchestratorException;
import com.offerhub.orchestrator.OrderSnapshot;
import com.offerhub.orchestrator.RequestContext;
import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.model.OrderStatus;
import com.offerhub.orchestrator.model.User;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import com.offerhub.orchestrator.spi.storage.Storage;
import com.offerhub.orchestrator.testkit.Concurrently;
import com.offerhub.orchestrator.testkit.TestEngine;
import org.junit.jupiter.api.Test;

/**
 * Concurrent commands on one balance, one idempotency key and one deposit, on any storage, within
 * one engine and across two engine instances sharing a database.
 */
public abstract class RaceScenarios {
  /** A fresh, empty storage. */
  protected abstract Storage newStorage();

  /** Another storage on the same database as {@code first} (its own pool), or {@code first} itself. */
  protected abstract Storage sameDatabase(Storage first);

  private final List<Storage> opened = new ArrayList<>();

  private TestEngine newTest() {
    Storage storage = newStorage();
    opened.add(storage);
    return TestEngine.builder().storage(storage).build();
  }

  private Storage second(Storage first) {
    Storage storage = sameDatabase(first);
    opened.add(storage);
    return storage;
  }

  @org.junit.jupiter.api.AfterEach
  void closeStorages() {
    opened.forEach(Storage::close);
    opened.clear();
  }

  private static <T> List<T> race(int threads, Callable<T> task) throws Exception {
    return Concurrently.run(threads, java.time.Duration.ofSeconds(60), task);
  }

  @Test
  void twoInstancesReservingFromOneBalanceNeverOverdraw() throws Exception {
    TestEngine test = newTest();
    OrchestratorEngine first = test.engine();
    OrchestratorEngine second = test.anotherInstance(second(test.storage()));
    User buyer = test.fundedUser("buyer", "20.00");
    User seller = test.user("seller");
    List<String> orders = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      orders.add(first.orders().create(CreateOrderRequest.of(buyer.id(), seller.id(), "1.00", "o" + i)).order().id());
    }
    AtomicInteger next = new AtomicInteger();
    List<Boolean> results = race(32, () -> {
      int index = next.getAndIncrement();
      OrchestratorEngine engine = index % 2 == 0 ? first : second;
      try {
        engine.orders().reserve(orders.get(index));
        return true;
      } catch (OrchestratorException e) {
        assertEquals(ErrorCode.INSUFFICIENT_FUNDS, e.code(), e.getMessage());
        return false;
      }
    });
    assertEquals(20, results.stream().filter(b -> b).count());
    assertEquals(Money.ZERO, test.balance(buyer).available());
    assertTrue(second.ledger().verify().isClean());
    AtomicInteger calls = new AtomicInteger();
    Set<Object> replies = ConcurrentHashMap.newKeySet();
    race(20, () -> {
      OrchestratorEngine engine = calls.getAndIncrement() % 2 == 0 ? first : second;
      replies.add(engine.as(RequestContext.of("key_1").withIdempotencyKey("credit-x")).balances()
          .credit(seller.id(), BalanceRequest.of("3.00"), "manual adjustment"));
      return null;
    });
    assertEquals(1, replies.size());
    assertEquals(Money.of(3), test.balance(seller).available());
    first.balances().debit(seller.id(), BalanceRequest.of("3.00"), "manual adjustment");
  }

  @Test
  void twoInstancesCreditingOneDepositCreditItOnce() throws Exception {
    TestEngine test = newTest();
    OrchestratorEngine first = test.engine();
    OrchestratorEngine second = test.anotherInstance(second(test.storage()));
    User user = test.user("depositor");
    String address = first.wallets().depositAddress(user.id());
    test.network().depositFromOutside(address, Money.of(12));
    AtomicInteger calls = new AtomicInteger();
    List<Integer> credited = race(8, () -> (calls.getAndIncrement() % 2 == 0 ? first : second).scanDeposits());
    assertEquals(1, credited.stream().mapToInt(Integer::intValue).sum());
    assertEquals(Money.of(12), test.balance(user).available());
    assertEquals(List.of(), test.booksVersusChain());
  }

  @Test
  void sixtyFourThreadsReservingFromOneBalance() throws Exception {
    TestEngine test = newTest();
    OrchestratorEngine engine = test.engine();
    User buyer = test.fundedUser("buyer", "40.00");
    User seller = test.user("seller");
    List<String> orders = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      orders.add(engine.orders().create(CreateOrderRequest.of(buyer.id(), seller.id(), "1.00", "o" + i)).order().id());
    }
    AtomicInteger next = new AtomicInteger();
    AtomicInteger insufficient = new AtomicInteger();
    List<Boolean> results = race(64, () -> {
      String id = orders.get(next.getAndIncrement());
      try {
        return engine.orders().reserve(id).order().status() == OrderStatus.FUNDS_RESERVED;
      } catch (OrchestratorException e) {
        assertEquals(ErrorCode.INSUFFICIENT_FUNDS, e.code());
        insufficient.incrementAndGet();
        return false;
      }
    });
    int ok = 0;
    for (Boolean result : results) {
      ok += result ? 1 : 0;
    }
    assertEquals(40, ok);
    assertEquals(24, insufficient.get());
    assertEquals(Money.ZERO, test.balance(buyer).available());
    assertEquals(Money.of(40), test.balance(buyer).reserved());
    assertTrue(engine.ledger().verify().isClean());
  }

  @Test
  void sixtyFourThreadsWithdrawingFromOneBalance() throws Exception {
    TestEngine test = newTest();
    OrchestratorEngine engine = test.engine();
    User user = test.fundedUser("payer", "10.00");
    String destination = engine.wallets().depositAddress(test.user("payee").id());
    List<Boolean> results = race(64, () -> {
      try {
        engine.withdrawals().create(CreateWithdrawalRequest.crypto(user.id(), "1.00", destination));
        return true;
      } catch (OrchestratorException e) {
        assertEquals(ErrorCode.INSUFFICIENT_FUNDS, e.code(), e.getMessage());
        return false;
      }
    });
    int ok = 0;
    for (Boolean result : results) {
      ok += result ? 1 : 0;
    }
    assertEquals(10, ok);
    engine.runPendingWork();
    assertEquals(Money.ZERO, test.balance(user).available());
    assertEquals(Money.ZERO, test.network().usdcBalance(engine.wallets().depositAddress(user.id())));
    assertTrue(engine.ledger().verify().isClean());
    assertEquals(List.of(), test.booksVersusChain());
  }

  @Test
  void fiftyConcurrentCallsWithOneIdempotencyKeyHaveOneEffect() throws Exception {
    TestEngine test = newTest();
    OrchestratorEngine engine = test.engine();
    User buyer = test.fundedUser("buyer", "100.00");
    Set<Object> results = ConcurrentHashMap.newKeySet();
    List<Object> futures = race(50, () -> {
      Object result = engine.as(RequestContext.of("key_1").withIdempotencyKey("credit-1")).balances()
          .credit(buyer.id(), BalanceRequest.of("5.00", "bonus"), "manual adjustment");
      results.add(result);
      return result;
    });
    assertEquals(50, futures.size());
    assertEquals(1, results.size(), "every caller must get the same result");
    assertEquals(Money.of(105), test.balance(buyer).available());
    engine.balances().debit(buyer.id(), BalanceRequest.of("5.00"), "manual adjustment");
  }

  @Test
  void fiftyConcurrentReleasesWithOneKeyReleaseOnce() throws Exception {
    TestEngine test = newTest();
    OrchestratorEngine engine = test.engine();
    User buyer = test.fundedUser("buyer", "100.00");
    User seller = test.user("seller");
    OrderSnapshot order = test.fundedOrder(buyer, seller, "80.00");
    Set<OrderSnapshot> results = ConcurrentHashMap.newKeySet();
    List<OrderSnapshot> futures = race(50, () -> {
      OrderSnapshot result = engine.as(RequestContext.of("key_1").withIdempotencyKey("release-1")).orders()
          .release(order.order().id());
      results.add(result);
      return result;
    });
    assertEquals(50, futures.size());
    assertEquals(1, results.size());
    assertEquals(OrderStatus.CLOSED, results.iterator().next().order().status());
    assertEquals(Money.of(80), test.balance(seller).available());
    assertEquals(List.of(), test.booksVersusChain());
  }
  /**
   * Item 9: {@code ledger().verify()} reads the journal, the account sums and every balance
   * projection; read at different moments while credits and reservations commit, they disagree.
   * Verification must read one snapshot, so it never reports a problem that is not there.
   */
  @Test
  void item9_verifyIsOneSnapshotUnderConcurrentCredits() throws Exception {
    TestEngine test = newTest();
    OrchestratorEngine engine = test.engine();
    List<User> users = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      users.add(test.fundedUser("verified-" + i, "100.00"));
    }
    int verifications = 200;
    AtomicBoolean verifying = new AtomicBoolean(true);
    AtomicInteger next = new AtomicInteger();
    List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
    race(3, () -> {
      int role = next.getAndIncrement();
      if (role == 0) {
        try {
          for (int i = 0; i < verifications; i++) {
            List<String> found = engine.ledger().verify().problems();
            if (!found.isEmpty()) {
              problems.add(found.get(0));
            }
          }
        } finally {
          verifying.set(false);
        }
        return null;
      }
      for (int i = 0; verifying.get() && i < 600; i++) {
        User user = users.get((role - 1) * 2 + (i / 3) % 2);
        String hold = "hold-" + role + "-" + i / 3;
        if (i % 3 == 0) {
          test.network().depositFromOutside(engine.wallets().depositAddress(user.id()), Money.parsePositive("0.01"));
          engine.scanDeposits();
        } else if (i % 3 == 1) {
          engine.balances().reserve(user.id(), BalanceRequest.of("0.01", hold));
        } else {
          engine.balances().cancelReservation(user.id(), BalanceRequest.of("0.01", hold));
        }
      }
      return null;
    });
    assertEquals(List.of(), problems, problems.size() + " of " + verifications
        + " verify() calls reported problems under concurrent credits");
    assertTrue(engine.ledger().verify().isClean());
  }
}
