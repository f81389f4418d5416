package com.offerhub.orchestrator.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.BalanceRequest;
import com.offerhub.orchestrator.EventOperations;
import com.offerhub.orchestrator.OrchestratorEngine;
import com.offerhub.orchestrator.model.DomainEvent;
import com.offerhub.orchestrator.model.User;
import com.offerhub.orchestrator.spi.storage.Storage;
import com.offerhub.orchestrator.testkit.RecordingEventListener;
import com.offerhub.orchestrator.testkit.TestEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The event stream over a given storage: subscribers see every committed event exactly once, in
 * sequence order without gaps, while many threads write; a subscriber resuming from any cursor
 * receives exactly what came after it. Also the cases that break naive sequencing: a transaction
 * that starts first and commits last, two instances writing at once, and a sequencer that dies in
 * the middle of a batch.
 */
public abstract class EventStreamContract {
  protected abstract Storage newStorage();

  /**
   * Another instance's storage on the same database as {@code first} (its own pool and, where the
   * storage has one, its own sequencer). Storages that cannot open a second one return
   * {@code first}, shared by two engines.
   */
  protected Storage sameDatabase(Storage first) {
    return first;
  }

  /**
   * Makes the sequencer of {@code storage} die in the middle of every batch (after numbering, before
   * its commit) while {@code failing} says so. Storages that number events at commit have no
   * sequencer and leave this empty.
   */
  protected void breakSequencer(Storage storage, BooleanSupplier failing) {}

  /**
   * Whether the storage tells every instance of new sequences by itself (PostgreSQL: {@code NOTIFY}).
   * Where it does not, an instance learns of other instances' events by its background delivery
   * job ({@code events().poll()}), which these tests then run every 20 ms.
   */
  protected boolean notifiesOtherInstances() {
    return false;
  }

  /**
   * Two engine instances on one database, the second's subscribers woken by the storage's
   * notifications or, where it has none, by polling; closing it closes the second storage.
   */
  private final class TwoInstances implements AutoCloseable {
    final Storage first = newStorage();
    final TestEngine one = TestEngine.builder().storage(first).build();
    final Storage second = sameDatabase(first);
    final OrchestratorEngine two = TestEngine.builder().storage(second).build().engine();
    final AutoCloseable polling = pollingFor(two);

    @Override
    public void close() throws Exception {
      polling.close();
      if (second != first) {
        second.close();
      }
    }
  }

  /** Runs the polling that stands in for notifications, where the storage has none, until closed. */
  private AutoCloseable pollingFor(OrchestratorEngine engine) {
    if (notifiesOtherInstances()) {
      return () -> {};
    }
    java.util.concurrent.ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
    poller.scheduleWithFixedDelay(() -> engine.events().poll(), 20, 20, TimeUnit.MILLISECONDS);
    return poller::shutdownNow;
  }

  private static DomainEvent event(String id) {
    return new DomainEvent(0, id, "test.event", Instant.parse("2026-01-01T00:00:00Z"), "agg", "Test", Map.of(),
        Map.of());
  }

  private static void assertGapFree(List<DomainEvent> seen, long start) {
    for (int i = 0; i < seen.size(); i++) {
      assertEquals(start + i + 1, seen.get(i).sequence(), "gap or duplicate at index " + i);
    }
  }

  @Test
  void aTransactionThatStartsFirstAndCommitsLastHoldsNobodyBackAndIsNotSkipped() throws Exception {
    Storage storage = newStorage();
    TestEngine test = TestEngine.builder().storage(storage).build();
    OrchestratorEngine engine = test.engine();
    User user = test.user("quick");
    long start = engine.events().lastSequence();
    RecordingEventListener live = new RecordingEventListener();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (EventOperations.Subscription subscription = engine.events().subscribe(start, live)) {
      CountDownLatch begun = new CountDownLatch(1);
      CountDownLatch finish = new CountDownLatch(1);
      Future<?> slow = pool.submit(() -> storage.inTransaction(s -> {
        s.outbox().append(event("evt_slow_first"));
        begun.countDown();
        try {
          assertTrue(finish.await(30, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
        s.outbox().append(event("evt_slow_second"));
        return null;
      }));
      assertTrue(begun.await(10, TimeUnit.SECONDS));
      for (int i = 0; i < 10; i++) {
        engine.balances().credit(user.id(), BalanceRequest.of("1.00"), "manual adjustment");
      }
      long quick = engine.events().lastSequence();
      assertEquals(start + 10, quick, "commands that started later must not wait for the open transaction");
      live.await(e -> e.sequence() == quick, Duration.ofSeconds(10));
      finish.countDown();
      slow.get(30, TimeUnit.SECONDS);
      long end = engine.events().lastSequence();
      assertEquals(quick + 2, end);
      live.await(e -> e.sequence() == end, Duration.ofSeconds(10));
      List<DomainEvent> seen = live.events();
      assertGapFree(seen, start);
      assertEquals(List.of("evt_slow_first", "evt_slow_second"),
          seen.subList(10, 12).stream().map(DomainEvent::eventId).toList(),
          "the late commit comes after everything already delivered, its events together and in order");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void twoInstancesWritingAtOnceGiveOneGapFreeStreamInEachUsersOrder() throws Exception {
    try (TwoInstances instances = new TwoInstances()) {
      twoInstancesWritingAtOnce(instances.one, instances.two);
    }
  }

  private void twoInstancesWritingAtOnce(TestEngine one, OrchestratorEngine two) throws Exception {
    List<User> users = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      users.add(one.user("both-" + i));
    }
    long start = Math.max(one.engine().events().lastSequence(), two.events().lastSequence());
    RecordingEventListener onTwo = new RecordingEventListener();
    ExecutorService pool = Executors.newFixedThreadPool(6);
    int perThread = 20;
    try (EventOperations.Subscription subscription = two.events().subscribe(start, onTwo)) {
      List<Future<?>> writers = new ArrayList<>();
      for (int t = 0; t < users.size(); t++) {
        OrchestratorEngine writer = t % 2 == 0 ? one.engine() : two;
        String userId = users.get(t).id();
        writers.add(pool.submit(() -> {
          for (int i = 0; i < perThread; i++) {
            writer.balances().credit(userId, BalanceRequest.of("1.00"), "manual adjustment");
          }
          return null;
        }));
      }
      for (Future<?> writer : writers) {
        writer.get(60, TimeUnit.SECONDS);
      }
      long end = Math.max(one.engine().events().lastSequence(), two.events().lastSequence());
      assertEquals(start + users.size() * perThread, end);
      onTwo.await(e -> e.sequence() == end, Duration.ofSeconds(10));
      List<DomainEvent> seen = onTwo.events();
      assertEquals(end - start, seen.size());
      assertGapFree(seen, start);
      for (User user : users) {
        List<String> balances = seen.stream().filter(e -> e.aggregateId().equals(user.id()))
            .map(e -> new java.math.BigDecimal(String.valueOf(e.payload().get("newAvailableBalance")))
                .stripTrailingZeros().toPlainString())
            .toList();
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= perThread; i++) {
          expected.add(Integer.toString(i));
        }
        assertEquals(expected, balances, "one user's events must follow the order of its commits");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aSubscriberOnAnotherInstanceSeesEachCommitPromptly() throws Exception {
    try (TwoInstances instances = new TwoInstances()) {
      TestEngine one = instances.one;
      User user = one.user("watched");
      long start = one.engine().events().lastSequence();
      RecordingEventListener onTwo = new RecordingEventListener();
      try (EventOperations.Subscription subscription = instances.two.events().subscribe(start, onTwo)) {
        // one at a time: each commit must reach the other instance by itself, not with a later one
        for (int i = 1; i <= 5; i++) {
          one.engine().balances().credit(user.id(), BalanceRequest.of("1.00"), "manual adjustment");
          long expected = start + i;
          onTwo.await(e -> e.sequence() == expected, Duration.ofSeconds(5));
        }
        assertGapFree(onTwo.events(), start);
      }
    }
  }

  /** Whether the storage numbers committed events after commit (a sequencer), so a backlog can build up. */
  protected boolean numbersAfterCommit() {
    return false;
  }

  @Test
  void theStatusShowsCommittedEventsNotYetNumberedAndTheirAge() throws Exception {
    TestEngine test = TestEngine.builder().storage(newStorage()).build();
    try {
      OrchestratorEngine engine = test.engine();
      User user = test.user("backlogged");
      assertTrue(test.storage().awaitSequenced(Duration.ofSeconds(10)));
      assertEquals(0, engine.status().outboxUnnumbered());
      java.util.concurrent.atomic.AtomicBoolean failing = new java.util.concurrent.atomic.AtomicBoolean(true);
      breakSequencer(test.storage(), failing::get);
      engine.balances().credit(user.id(), BalanceRequest.of("1.00"), "manual adjustment");
      test.clock().advance(Duration.ofSeconds(7));
      com.offerhub.orchestrator.EngineStatus stuck = engine.status();
      if (numbersAfterCommit()) {
        assertTrue(stuck.outboxUnnumbered() >= 1, stuck.toString());
        assertEquals(Duration.ofSeconds(7), stuck.outboxOldestUnnumbered());
      } else {
        assertEquals(0, stuck.outboxUnnumbered());
        assertEquals(Duration.ZERO, stuck.outboxOldestUnnumbered());
      }
      failing.set(false);
      engine.balances().credit(user.id(), BalanceRequest.of("1.00"), "manual adjustment");
      assertTrue(test.storage().awaitSequenced(Duration.ofSeconds(10)));
      com.offerhub.orchestrator.EngineStatus drained = engine.status();
      assertEquals(0, drained.outboxUnnumbered(), drained.toString());
      assertEquals(Duration.ZERO, drained.outboxOldestUnnumbered());
    } finally {
      test.storage().close();
    }
  }

  @Test
  void aSequencerThatDiesMidBatchLosesNothingAndAnotherInstanceTakesOver() throws Exception {
    try (TwoInstances instances = new TwoInstances()) {
      sequencerDiesMidBatch(instances.first, instances.one, instances.two);
    }
  }

  private void sequencerDiesMidBatch(Storage first, TestEngine one, OrchestratorEngine two) throws Exception {
    User user = one.user("orphaned");
    long start = one.engine().events().lastSequence(); // includes the user's own event: it committed on one
    java.util.concurrent.atomic.AtomicBoolean failing = new java.util.concurrent.atomic.AtomicBoolean(true);
    breakSequencer(first, failing::get);
    RecordingEventListener onTwo = new RecordingEventListener();
    try (EventOperations.Subscription subscription = two.events().subscribe(start, onTwo)) {
      for (int i = 0; i < 5; i++) {
        one.engine().balances().credit(user.id(), BalanceRequest.of("1.00"), "manual adjustment");
      }
      // the first instance's sequencer keeps dying; the second numbers what it left behind
      onTwo.await(e -> e.sequence() == start + 5, Duration.ofSeconds(15));
      failing.set(false);
      one.engine().balances().credit(user.id(), BalanceRequest.of("1.00"), "manual adjustment");
      assertEquals(start + 6, one.engine().events().lastSequence());
      onTwo.await(e -> e.sequence() == start + 6, Duration.ofSeconds(10));
      List<DomainEvent> seen = onTwo.events();
      assertEquals(6, seen.size());
      assertGapFree(seen, start);
    }
  }

  @Test
  void liveSubscribersSeeEveryEventOnceInOrderUnderConcurrentWrites() throws Exception {
    TestEngine test = TestEngine.builder().storage(newStorage()).build();
    OrchestratorEngine engine = test.engine();
    List<User> users = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      users.add(test.user("writer-" + i));
    }
    long start = engine.events().lastSequence();
    RecordingEventListener early = new RecordingEventListener();
    EventOperations.Subscription subscription = engine.events().subscribe(start, early);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    int perThread = 25;
    for (User user : users) {
      pool.submit(() -> {
        for (int i = 0; i < perThread; i++) {
          engine.balances().credit(user.id(), BalanceRequest.of("1.00"), "manual adjustment");
        }
        return null;
      });
    }
    pool.shutdown();
    assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
    long end = engine.events().lastSequence();
    assertEquals(start + users.size() * perThread, end);
    early.await(e -> e.sequence() == end, Duration.ofSeconds(10));
    subscription.close();
    List<DomainEvent> seen = early.events();
    assertEquals(end - start, seen.size());
    for (int i = 0; i < seen.size(); i++) {
      assertEquals(start + i + 1, seen.get(i).sequence(), "gap or duplicate at index " + i);
    }
    long middle = start + (end - start) / 2;
    RecordingEventListener resumed = new RecordingEventListener();
    try (EventOperations.Subscription late = engine.events().subscribe(middle, resumed)) {
      assertEquals(seen.subList((int) (middle - start), seen.size()), resumed.events());
      assertEquals(end, late.cursor());
    }
    for (User user : users) {
      engine.balances().debit(user.id(), BalanceRequest.of(Integer.toString(perThread)), "manual adjustment");
    }
  }

  @Test
  void eventsCarryTheSpecEnvelope() {
    TestEngine test = TestEngine.builder().storage(newStorage()).build();
    User user = test.user("enveloped");
    DomainEvent created = test.engine().events().readAfter(0, 1000).stream()
        .filter(e -> e.eventType().equals("user.created") && e.aggregateId().equals(user.id())).findFirst()
        .orElseThrow();
    assertTrue(created.eventId().startsWith("evt_"));
    assertEquals("User", created.aggregateType());
    assertEquals(user.id(), created.payload().get("userId"));
    assertEquals(user.id(), created.metadata().get("userId"));
  }
}
