package com.offerhub.orchestrator.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.jdbc.internal.OutboxSequencer;
import com.offerhub.orchestrator.model.DomainEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL sequencer where naive designs break: a transaction that has drawn its key and
 * not yet committed (held, then committed or rolled back), keys PostgreSQL skipped, and sequencers
 * of two instances racing each other and direct calls.
 */
class JdbcOutboxSequencerTest {
  private JdbcStorage storage;

  @BeforeEach
  void open() {
    storage = (JdbcStorage) TestDatabases.pooled(true, 8);
  }

  @AfterEach
  void close() {
    TestDatabases.closePools();
  }

  private static DomainEvent event(String id) {
    return new DomainEvent(0, id, "test.event", Instant.parse("2026-01-01T00:00:00Z"), "agg", "Test", Map.of(),
        Map.of());
  }

  private void write(JdbcStorage on, String... ids) {
    on.inTransaction(s -> {
      for (String id : ids) {
        s.outbox().append(event(id));
      }
      return null;
    });
  }

  private List<DomainEvent> all(JdbcStorage on) {
    return on.read(s -> s.outbox().readAfter(0, 100_000));
  }

  private static List<String> ids(List<DomainEvent> events) {
    return events.stream().map(DomainEvent::eventId).toList();
  }

  /** Writes {@code id} on a thread of {@code pool}, held between its last statement and its commit until released. */
  private Future<?> heldWrite(ExecutorService pool, CountDownLatch drawn, CountDownLatch release, boolean rollBack,
      String id) {
    return pool.submit(() -> {
      Thread me = Thread.currentThread();
      storage.beforeCommit = () -> {
        if (Thread.currentThread() == me) {
          drawn.countDown();
          try {
            assertTrue(release.await(30, TimeUnit.SECONDS));
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
          if (rollBack) {
            throw new IllegalStateException("rolled back after drawing its key (test)");
          }
        }
      };
      write(storage, id);
      return null;
    });
  }

  @Test
  void aKeyDrawnButNotCommittedHoldsBackLaterKeysUntilItsTransactionCommits() throws Exception {
    write(storage, "evt_0");
    assertTrue(storage.awaitSequenced(Duration.ofSeconds(10)));
    ExecutorService pool = Executors.newSingleThreadExecutor();
    CountDownLatch drawn = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<?> held = heldWrite(pool, drawn, release, false, "evt_held");
    assertTrue(drawn.await(10, TimeUnit.SECONDS));
    write(storage, "evt_after_1");
    write(storage, "evt_after_2", "evt_after_3");
    OutboxSequencer.Round round = storage.outboxSequencer().sequenceOnce();
    assertEquals(0, round.numbered(), "nothing after the held key may be numbered before it");
    assertFalse(storage.awaitSequenced(Duration.ofMillis(300)));
    assertEquals(List.of("evt_0"), ids(all(storage)));
    release.countDown();
    held.get(30, TimeUnit.SECONDS);
    pool.shutdown();
    assertTrue(storage.awaitSequenced(Duration.ofSeconds(10)));
    List<DomainEvent> events = all(storage);
    assertEquals(List.of("evt_0", "evt_held", "evt_after_1", "evt_after_2", "evt_after_3"), ids(events));
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), events.stream().map(DomainEvent::sequence).toList());
  }

  /**
   * A snapshot lists only running transactions below its upper bound, one past the newest finished
   * id: a transaction with a newer id than every finished one is running but not listed. Here the
   * newer transaction draws its key first and is held; the older one draws the next key and commits.
   */
  @Test
  void aHeldKeyOfATransactionNewerThanEveryFinishedOneIsWaitedFor() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    CountDownLatch olderHasItsId = new CountDownLatch(1);
    CountDownLatch newerDrew = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<?> older = pool.submit(() -> storage.inTransaction(s -> {
      s.cursors().put("older", "1"); // a write: this transaction has its id from here on
      olderHasItsId.countDown();
      try {
        assertTrue(newerDrew.await(30, TimeUnit.SECONDS));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      s.outbox().append(event("evt_older"));
      return null;
    }));
    assertTrue(olderHasItsId.await(10, TimeUnit.SECONDS));
    Future<?> newer = heldWrite(pool, newerDrew, release, false, "evt_newer");
    older.get(30, TimeUnit.SECONDS);
    for (int i = 0; i < 5; i++) {
      Thread.sleep(50);
      storage.outboxSequencer().sequenceOnce();
    }
    assertEquals(List.of(), ids(all(storage)), "the older transaction's key comes after the held one");
    release.countDown();
    newer.get(30, TimeUnit.SECONDS);
    pool.shutdown();
    assertTrue(storage.awaitSequenced(Duration.ofSeconds(10)));
    assertEquals(List.of("evt_newer", "evt_older"), ids(all(storage)));
  }

  @Test
  void aKeyWhoseTransactionRolledBackIsPassedOnceItHasEnded() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    CountDownLatch drawn = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<?> held = heldWrite(pool, drawn, release, true, "evt_never");
    assertTrue(drawn.await(10, TimeUnit.SECONDS));
    write(storage, "evt_a");
    write(storage, "evt_b");
    assertEquals(0, storage.outboxSequencer().sequenceOnce().numbered());
    release.countDown();
    Exception failure = assertThrows(java.util.concurrent.ExecutionException.class,
        () -> held.get(30, TimeUnit.SECONDS));
    assertTrue(failure.getCause().getMessage().contains("rolled back"));
    pool.shutdown();
    assertTrue(storage.awaitSequenced(Duration.ofSeconds(10)));
    List<DomainEvent> events = all(storage);
    assertEquals(List.of("evt_a", "evt_b"), ids(events));
    assertEquals(List.of(1L, 2L), events.stream().map(DomainEvent::sequence).toList());
  }

  @Test
  void keysSkippedByTheDatabaseAreNotWaitedFor() {
    write(storage, "evt_1");
    assertTrue(storage.awaitSequenced(Duration.ofSeconds(10)));
    // after a crash PostgreSQL may hand out sequence values up to 32 further on
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(TestDatabases.urlOf(storage), "postgres", "");
        java.sql.Statement st = c.createStatement()) {
      st.execute("SELECT setval('oh_outbox_pending_key', nextval('oh_outbox_pending_key') + 32)");
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    write(storage, "evt_2");
    assertTrue(storage.awaitSequenced(Duration.ofSeconds(10)));
    assertEquals(List.of("evt_1", "evt_2"), ids(all(storage)));
  }

  @Test
  void twoInstancesAndDirectCallsSequencingAtOnceNumberEveryEventOnceInOrder() throws Exception {
    JdbcStorage other = (JdbcStorage) TestDatabases.sameDatabase(storage);
    ExecutorService pool = Executors.newFixedThreadPool(10);
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger rounds = new AtomicInteger();
    try {
      List<Future<?>> writers = new ArrayList<>();
      for (int t = 0; t < 6; t++) {
        JdbcStorage on = t % 2 == 0 ? storage : other;
        int thread = t;
        writers.add(pool.submit(() -> {
          for (int i = 0; i < 40; i++) {
            write(on, "evt_" + thread + "_" + i + "_a", "evt_" + thread + "_" + i + "_b");
          }
          return null;
        }));
      }
      List<Future<?>> racers = new ArrayList<>();
      for (JdbcStorage on : List.of(storage, other, storage, other)) {
        racers.add(pool.submit(() -> {
          while (writing.get()) {
            rounds.addAndGet(on.outboxSequencer().sequenceOnce().numbered() > 0 ? 1 : 0);
          }
          return null;
        }));
      }
      for (Future<?> writer : writers) {
        writer.get(60, TimeUnit.SECONDS);
      }
      writing.set(false);
      for (Future<?> racer : racers) {
        racer.get(30, TimeUnit.SECONDS);
      }
      assertTrue(storage.awaitSequenced(Duration.ofSeconds(10)));
      assertTrue(other.awaitSequenced(Duration.ofSeconds(10)));
      List<DomainEvent> events = all(storage);
      assertEquals(6 * 40 * 2, events.size());
      Set<String> unique = new HashSet<>(ids(events));
      assertEquals(events.size(), unique.size(), "an event numbered twice");
      for (int i = 0; i < events.size(); i++) {
        assertEquals(i + 1, events.get(i).sequence(), "gap at index " + i);
      }
      for (int i = 0; i < events.size(); i += 2) {
        String a = events.get(i).eventId();
        assertTrue(a.endsWith("_a") && events.get(i + 1).eventId().equals(a.replace("_a", "_b")),
            "one transaction's events must be adjacent and in order at " + i);
      }
      for (int t = 0; t < 6; t++) {
        String prefix = "evt_" + t + "_";
        List<String> mine = ids(events).stream().filter(id -> id.startsWith(prefix) && id.endsWith("_a")).toList();
        for (int i = 0; i < mine.size(); i++) {
          assertEquals(prefix + i + "_a", mine.get(i), "one writer's commits out of order");
        }
      }
      assertTrue(rounds.get() > 0, "the direct calls took part");
      assertEquals(events.size(), (long) storage.read(s -> s.outbox().lastSequence()));
    } finally {
      pool.shutdownNow();
      other.close();
    }
  }
}
