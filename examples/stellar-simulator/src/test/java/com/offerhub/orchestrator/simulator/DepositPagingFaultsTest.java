package com.offerhub.orchestrator.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.model.Deposit;
import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.model.User;
import com.offerhub.orchestrator.testkit.InMemoryStorage;
import com.offerhub.orchestrator.testkit.network.OpRecord;
import com.offerhub.orchestrator.testkit.network.SimulatedNetwork;
import com.offerhub.orchestrator.testkit.network.TxRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.stellar.sdk.KeyPair;

/**
 * The deposit watcher reading Horizon's payments pages through the real adapter while the
 * simulator breaks them: a connection dropped in the middle of a page, records served twice in a
 * page, a page that starts again before its cursor, a cursor set back as after a crash. No
 * deposit is lost, none is credited twice, and the stored cursor never passes a deposit before its
 * credit committed (checked before every page the watcher reads).
 */
class DepositPagingFaultsTest {
  /** One of our deposits: its operation's paging token tells whether the cursor has passed it. */
  private record Paid(String hash, long token, User user, Money amount) {}

  private Sim sim;
  private SimulatedNetwork network;
  private EngineOnSimulator node;
  private final List<Paid> paid = new ArrayList<>();
  private final List<String> violations = new CopyOnWriteArrayList<>();
  private final List<Long> cursors = new CopyOnWriteArrayList<>();
  private User alice;
  private User bob;

  @BeforeEach
  void start() {
    sim = Sim.instant();
    network = sim.simulator.network();
    node = EngineOnSimulator.start(sim.simulator, new InMemoryStorage(), KeyPair.random(),
        EngineOnSimulator.newCipher(), Duration.ofSeconds(15), "faults-1");
    alice = node.user("alice");
    bob = node.user("bob");
    // Other people's payments around ours: each deposit below closes two ledgers of 150 of them.
    network.setLoad(150);
    for (String amount : List.of("10.0000001", "2.5", "7.25", "0.0000003", "100")) {
      pay(paid.size() % 2 == 0 ? alice : bob, amount);
    }
  }

  @AfterEach
  void stop() {
    node.close();
    sim.close();
  }

  private void pay(User user, String amount) {
    String hash = network.depositFromOutside(node.address(user), Money.parsePositive(amount));
    TxRecord record = network.record(hash);
    paid.add(new Paid(hash, OpRecord.toid(record.ledger(), record.applicationOrder(), 0), user,
        Money.parsePositive(amount)));
  }

  /**
   * Before every page: no deposit of ours at or before the stored cursor lacks its credit, and the
   * cursor has not gone back; then {@code fault} may arm a knob for the page about to be read.
   */
  private void watchPages(IntConsumer fault) {
    node.scans.beforeScan = () -> {
      String cursor = node.cursor();
      long at = cursor == null ? -1 : Long.parseLong(cursor);
      for (Paid payment : paid) {
        if (payment.token() <= at && node.deposit(payment.hash(), 0).isEmpty()) {
          violations.add("the cursor " + at + " passed " + payment + " before its credit");
        }
      }
      if (!cursors.isEmpty() && at < cursors.get(cursors.size() - 1)) {
        violations.add("the cursor went back from " + cursors.get(cursors.size() - 1) + " to " + at);
      }
      cursors.add(at);
      fault.accept((int) node.scans.calls.get() + 1);
    };
  }

  /** Runs the background jobs until the watcher's cursor reaches the newest record. */
  private void watchUntilCaughtUp() {
    long head = network.operations(null, null, false, 1).get(0).id();
    for (int run = 0; run < 50 && !String.valueOf(head).equals(node.cursor()); run++) {
      node.engine.runPendingWork();
    }
    assertEquals(String.valueOf(head), node.cursor(), "the watcher read up to the newest record");
  }

  private void assertEachCreditedOnce() {
    assertEquals(List.of(), violations);
    Map<String, Money> expected = new HashMap<>();
    for (Paid payment : paid) {
      Deposit deposit = node.deposit(payment.hash(), 0).orElseThrow(() -> new AssertionError("lost: " + payment));
      assertEquals(payment.amount(), deposit.amount());
      expected.merge(payment.user().id(), payment.amount(), Money::plus);
    }
    for (User user : List.of(alice, bob)) {
      assertEquals(expected.get(user.id()), node.engine.balances().get(user.id()).available(),
          "credited once each");
    }
    assertTrue(node.engine.ledger().verify().isClean());
  }

  @Test
  void aConnectionDroppedMidPageLosesNoDepositAndTheCursorNeverPassesOneUncredited() {
    // Pages of 200: the first cut before any record, others after 1, 57 and all 200 records (the
    // closing brackets missing), on the first page of a run and on pages in the middle of a drain.
    Map<Integer, Integer> cuts = Map.of(1, 0, 3, 57, 4, 1, 7, 200);
    watchPages(scan -> {
      if (cuts.containsKey(scan)) {
        sim.simulator.faults().dropNextStreamAfter(cuts.get(scan));
      }
    });
    String before = node.cursor();
    node.engine.runPendingWork();
    assertEquals(before, node.cursor(), "a page that broke off moved nothing");
    assertEquals(1, node.scans.failures.get());
    watchUntilCaughtUp();
    assertEquals(cuts.size(), node.scans.failures.get(), "every cut hit a page the adapter read");
    assertTrue(node.scans.calls.get() > cuts.size() + 5, "the stretch took several pages: " + node.scans.calls);
    assertEachCreditedOnce();
  }

  @Test
  void recordsServedTwiceWithinAPageOrAgainInALaterPageAreCreditedOnce() {
    sim.simulator.faults().duplicateNextEvents(450);
    watchPages(scan -> {
      if (scan == 3 || scan == 5) {
        // the page starts again with records the watcher already has, deposits of ours among them
        sim.simulator.faults().rewindNextPage(scan == 3 ? 120 : 199);
        sim.simulator.faults().duplicateNextEvents(30);
      }
    });
    watchUntilCaughtUp();
    assertEachCreditedOnce();
    pay(alice, "1.5");
    pay(bob, "3");
    watchUntilCaughtUp();
    assertEachCreditedOnce();
  }

  @Test
  void aCursorSetBackAsAfterACrashBetweenCreditAndCursorCreditsNothingTwice() {
    watchPages(scan -> { });
    String start = node.cursor();
    watchUntilCaughtUp();
    assertEachCreditedOnce();
    // A crash after the credits of a page committed and before its cursor did: the next run reads
    // the stretch again (here all of it), and the (hash, operation index) key turns each repeat away.
    node.storage.inTransaction(session -> {
      session.cursors().put(EngineOnSimulator.CURSOR, start == null ? "0" : start);
      return null;
    });
    cursors.clear();
    watchUntilCaughtUp();
    assertEachCreditedOnce();
  }
}
