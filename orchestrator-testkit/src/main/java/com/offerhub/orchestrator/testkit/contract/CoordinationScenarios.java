package com.offerhub.orchestrator.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.offerhub.orchestrator.OrchestratorEngine;
import com.offerhub.orchestrator.coordination.StorageRateLimiter;
import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.model.User;
import com.offerhub.orchestrator.spi.chain.ChainAdapter;
import com.offerhub.orchestrator.spi.chain.PaymentPage;
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
import java.util.concurrent.atomic.AtomicInteger;
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
