package com.offerhub.orchestrator.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.CreateUserRequest;
import com.offerhub.orchestrator.CreateWithdrawalRequest;
import com.offerhub.orchestrator.EventOperations;
import com.offerhub.orchestrator.OrchestratorEngine;
import com.offerhub.orchestrator.coordination.StorageRateLimiter;
import com.offerhub.orchestrator.model.DestinationType;
import com.offerhub.orchestrator.model.DomainEvent;
import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.model.User;
import com.offerhub.orchestrator.model.Withdrawal;
import com.offerhub.orchestrator.model.WithdrawalStatus;
import com.offerhub.orchestrator.spi.chain.ChainAdapter;
import com.offerhub.orchestrator.spi.chain.PaymentPage;
import com.offerhub.orchestrator.spi.chain.SignedTransaction;
import com.offerhub.orchestrator.spi.chain.SubmitResult;
import com.offerhub.orchestrator.spi.storage.Storage;
import com.offerhub.orchestrator.testkit.Concurrently;
import com.offerhub.orchestrator.testkit.ForwardingChainAdapter;
import com.offerhub.orchestrator.testkit.TestEngine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Engine instances sharing one database: only the instance holding the deposit watcher's lease
 * reads the chain, another takes over within one lease period when it stops, deposits are credited
 * once each throughout, and a rate limit shared through the database holds across instances.
 */
public abstract class CoordinationScenarios {
  private static final Duration LEASE = Duration.ofSeconds(15);

  /** A fresh, empty storage. */
  protected abstract Storage newStorage();

  /** Another storage on the same database as {@code first} (its own pool), or {@code first} itself. */
  protected abstract Storage sameDatabase(Storage first);

  private final List<Storage> opened = new ArrayList<>();
  /** The chain adapter of each engine the test made, in the order they were made. */
  private final List<CountingChainAdapter> chains = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeStorages() {
    opened.forEach(Storage::close);
    opened.clear();
  }

  private Storage opened(Storage storage) {
    opened.add(storage);
    return storage;
  }

  private TestEngine newTest() {
    return TestEngine.builder().storage(opened(newStorage())).depositWatcherLease(LEASE).decorateChain(chain -> {
      CountingChainAdapter counting = new CountingChainAdapter(chain);
      chains.add(counting);
      return counting;
    }).build();
  }

  @Test
  void ofTwoInstancesOnOneDatabaseOnlyTheLeaderScansForDeposits() {
    TestEngine test = newTest();
    OrchestratorEngine first = test.engine();
    OrchestratorEngine second = test.anotherInstance(opened(sameDatabase(test.storage())));
    User user = test.user("depositor");
    String address = first.wallets().depositAddress(user.id());
    for (int round = 1; round <= 5; round++) {
      test.network().depositFromOutside(address, Money.of(round));
      first.runPendingWork();
      second.runPendingWork();
      test.clock().advance(Duration.ofSeconds(5));
    }
    assertEquals(5, chains.get(0).scans(), "the leader scans on every round");
    assertEquals(0, chains.get(1).scans(), "the other instance never reads the chain");
    assertEquals(Money.of(15), test.balance(user).available());
    assertEquals(List.of(), test.booksVersusChain());
  }

  @Test
  void whenTheLeaderDiesAnotherInstanceTakesOverAfterOneLeasePeriod() {
    TestEngine test = newTest();
    OrchestratorEngine first = test.engine();
    OrchestratorEngine second = test.anotherInstance(opened(sameDatabase(test.storage())));
    User user = test.user("depositor");
    String address = first.wallets().depositAddress(user.id());
    first.runPendingWork();
    assertEquals(1, chains.get(0).scans());
    // The leader dies here: it neither renews nor releases its lease.
    test.network().depositFromOutside(address, Money.of(10));
    test.clock().advance(LEASE.minusSeconds(1));
    second.runPendingWork();
    assertEquals(0, chains.get(1).scans(), "the lease has not run out yet");
    assertEquals(Money.ZERO, test.balance(user).available());
    test.clock().advance(Duration.ofSeconds(1));
    second.runPendingWork();
    assertEquals(1, chains.get(1).scans(), "one lease period after the last renewal, the other instance leads");
    assertEquals(Money.of(10), test.balance(user).available());
    // The old leader comes back (a long pause, not a death): it follows now.
    test.network().depositFromOutside(address, Money.of(5));
    first.runPendingWork();
    assertEquals(1, chains.get(0).scans(), "the old leader no longer scans");
    second.runPendingWork();
    assertEquals(0, first.scanDeposits(), "a direct scan by the old leader credits nothing twice");
    assertEquals(Money.of(15), test.balance(user).available());
    assertEquals(List.of(), test.booksVersusChain());
  }

  @Test
  void aLeaderThatClosesHandsTheWatchOverAtOnce() {
    TestEngine test = newTest();
    OrchestratorEngine first = test.engine();
    OrchestratorEngine second = test.anotherInstance(opened(sameDatabase(test.storage())));
    User user = test.user("depositor");
    first.runPendingWork();
    second.runPendingWork();
    assertEquals(0, chains.get(1).scans());
    first.close();
    test.network().depositFromOutside(first.wallets().depositAddress(user.id()), Money.of(7));
    second.runPendingWork();
    assertEquals(1, chains.get(1).scans(), "no need to wait for the lease to run out");
    assertEquals(Money.of(7), test.balance(user).available());
  }

  /**
   * Issue 9: while a saga step of one instance's background work waits on a slow network, that
   * instance still watches for deposits and still delivers to its subscribers the events another
   * instance commits. Before, one scheduled job ran both in turn, so both waited for the step.
   */
  @SuppressWarnings("try") // the subscription only has to stay open for the block
  @Test
  void aSlowSagaStepHoldsUpNeitherTheDepositWatchNorEventsFromTheOtherInstance() throws Exception {
    List<SlowSubmits> slow = new CopyOnWriteArrayList<>();
    TestEngine test = TestEngine.builder().storage(opened(newStorage())).depositWatcherLease(LEASE)
        .syncWait(Duration.ZERO).decorateChain(chain -> {
          SlowSubmits gated = new SlowSubmits(chain);
          slow.add(gated);
          return gated;
        }).build();
    OrchestratorEngine first = test.engine();
    OrchestratorEngine second = test.anotherInstance(opened(sameDatabase(test.storage())));
    User payer = test.fundedUser("payer", "20.00");
    User payee = test.user("payee");
    List<DomainEvent> delivered = new CopyOnWriteArrayList<>();
    ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
    try (EventOperations.Subscription subscription = first.events().subscribe(first.events().lastSequence(),
        delivered::add)) {
      slow.get(0).hold();
      first.start(executor, Duration.ofMillis(10));
      // With no wait the command leaves the saga to the background job, which reaches the held submit
      // once the test's clock passes each retry delay.
      Withdrawal withdrawal = first.withdrawals().create(new CreateWithdrawalRequest(payer.id(), "5.00",
          DestinationType.CRYPTO, first.wallets().depositAddress(payee.id()), null));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!slow.get(0).holding() && System.nanoTime() < deadline) {
        test.clock().advance(Duration.ofSeconds(1));
        Thread.sleep(20);
      }
      assertTrue(slow.get(0).holding(), "the background job is inside a slow submit");

      User other = second.users().create(CreateUserRequest.of("created-on-the-other-instance"));
      test.network().depositFromOutside(first.wallets().depositAddress(payee.id()), Money.of(3));
      await(() -> delivered.stream().anyMatch(e -> other.id().equals(e.aggregateId())),
          "the other instance's event delivered to this one's subscriber");
      await(() -> test.balance(payee).available().equals(Money.of(3)), "the deposit credited by this instance");
      assertTrue(slow.get(0).holding(), "both while the saga step still waits");

      slow.get(0).release();
      await(() -> first.withdrawals().get(withdrawal.id()).status() == WithdrawalStatus.WITHDRAWAL_COMPLETED,
          "the withdrawal completes once the network answers");
    } finally {
      slow.get(0).release();
      first.close();
      executor.shutdownNow();
      executor.awaitTermination(10, TimeUnit.SECONDS);
    }
    test.engine().scanDeposits();
    assertEquals(Money.of(8), test.balance(payee).available(), "the deposit and the withdrawal, each once");
    assertEquals(List.of(), test.booksVersusChain());
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      Thread.sleep(10);
    }
  }

  @Test
  void twoInstancesSharingARateLimitAdmitEveryCallAndNeverMoreThanTheLimitInAnyWindow() throws Exception {
    Storage storage = opened(newStorage());
    Duration window = Duration.ofMillis(200);
    StorageRateLimiter first = StorageRateLimiter.of(storage, "trustless-work:key-1", 5, window, Clock.systemUTC());
    StorageRateLimiter second = StorageRateLimiter.of(opened(sameDatabase(storage)), "trustless-work:key-1", 5,
        window, Clock.systemUTC());
    List<Instant> admitted = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger threads = new AtomicInteger();
    Concurrently.run(8, Duration.ofSeconds(30), () -> {
      StorageRateLimiter limiter = threads.getAndIncrement() % 2 == 0 ? first : second;
      for (int call = 0; call < 5; call++) {
        admitted.add(limiter.acquirePermit());
      }
      return null;
    });
    assertEquals(40, admitted.size(), "every call was admitted, none failed");
    List<Instant> sorted = new ArrayList<>(admitted);
    Collections.sort(sorted);
    for (int i = 0; i + 5 < sorted.size(); i++) {
      assertFalse(sorted.get(i + 5).isBefore(sorted.get(i).plus(window)),
          "six permits within one window: " + sorted.subList(i, i + 6));
    }
  }

  /** The simulated network's chain adapter whose submits wait while held, as on a network that answers late. */
  private static final class SlowSubmits extends ForwardingChainAdapter {
    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile boolean held;

    SlowSubmits(ChainAdapter chain) {
      super(chain);
    }

    void hold() {
      held = true;
    }

    void release() {
      held = false;
      released.countDown();
    }

    /** Whether a submit is waiting now. */
    boolean holding() {
      return waiting.get() > 0;
    }

    @Override
    public SubmitResult submit(SignedTransaction transaction) {
      if (held) {
        waiting.incrementAndGet();
        try {
          released.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          waiting.decrementAndGet();
        }
      }
      return delegate().submit(transaction);
    }
  }

  /** The simulated network's chain adapter, counting payment scans: a fake that passes every call on. */
  private static final class CountingChainAdapter extends ForwardingChainAdapter {
    private final AtomicInteger scans = new AtomicInteger();

    CountingChainAdapter(ChainAdapter chain) {
      super(chain);
    }

    int scans() {
      return scans.get();
    }

    @Override
    public PaymentPage scanPayments(String cursor, int limit) {
      scans.incrementAndGet();
      return delegate().scanPayments(cursor, limit);
    }
  }
}
