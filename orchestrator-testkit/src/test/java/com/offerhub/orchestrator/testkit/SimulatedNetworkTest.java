package com.offerhub.orchestrator.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.spi.chain.ChainAdapter;
import com.offerhub.orchestrator.spi.chain.ChainException;
import com.offerhub.orchestrator.spi.chain.KeyPair;
import com.offerhub.orchestrator.spi.chain.SignedTransaction;
import com.offerhub.orchestrator.spi.chain.SubmitOutcome;
import com.offerhub.orchestrator.spi.chain.TransactionStatus;
import com.offerhub.orchestrator.spi.escrow.EscrowGatewayException;
import com.offerhub.orchestrator.testkit.network.CallKind;
import com.offerhub.orchestrator.testkit.network.SimulatedNetwork;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ledger modes, fault knobs and persistence of the simulated network. */
class SimulatedNetworkTest {
  private MutableClock clock;
  private SimulatedNetwork network;
  private ChainAdapter chain;
  private KeyPair a;
  private KeyPair b;

  @BeforeEach
  void setUp() {
    clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    network = new SimulatedNetwork(clock);
    chain = network.chainAdapter();
    a = chain.newKeyPair();
    b = chain.newKeyPair();
    chain.activate(a.publicKey(), a.secret());
    chain.activate(b.publicKey(), b.secret());
    network.depositFromOutside(a.publicKey(), Money.of(100));
  }

  private SignedTransaction payment(String amount, String reference) {
    return chain.sign(chain.buildPayment(a.publicKey(), b.publicKey(), Money.parsePositive(amount), reference),
        a.secret());
  }

  @Test
  void manualLedgersIncludeOneTransactionPerSourceAccount() {
    network.setAutoClose(false);
    KeyPair c = chain.newKeyPair();
    chain.activate(c.publicKey(), c.secret());
    network.depositFromOutside(c.publicKey(), Money.of(5));
    SignedTransaction fromA = payment("1.00", "a1");
    SignedTransaction fromC = chain.sign(chain.buildPayment(c.publicKey(), b.publicKey(), Money.of(2), "c1"),
        c.secret());
    assertEquals(SubmitOutcome.PENDING, chain.submit(fromA).outcome());
    assertEquals(SubmitOutcome.PENDING, chain.submit(fromC).outcome());
    assertEquals(TransactionStatus.NOT_FOUND, chain.lookup(fromA.hash()).status());
    assertEquals(2, network.closeLedger());
    assertEquals(TransactionStatus.SUCCESS, chain.lookup(fromA.hash()).status());
    assertEquals(Money.of(3), network.usdcBalance(b.publicKey()));
  }

  @Test
  void aSecondTransactionOfTheSameSourceWaitsForTheNextLedger() {
    network.setAutoClose(false);
    SignedTransaction first = payment("1.00", "p1");
    chain.submit(first);
    assertEquals(1, network.queuedTransactions());
    assertEquals(1, network.closeLedger());
    SignedTransaction second = payment("2.00", "p2");
    chain.submit(second);
    SignedTransaction third = chain.sign(chain.buildPayment(a.publicKey(), b.publicKey(), Money.of(3), "p3"),
        a.secret());
    chain.submit(third);
    assertEquals(1, network.closeLedger(), "one transaction per source account per ledger");
    assertEquals(1, network.queuedTransactions());
    network.closeLedger();
    assertEquals(TransactionStatus.NOT_FOUND, chain.lookup(third.hash()).status(),
        "built on the same sequence as the second, it is invalid once the second applied");
    assertEquals(Money.of(3), network.usdcBalance(b.publicKey()));
  }

  @Test
  void aTickerClosesLedgersAndSubmitWaitsForInclusion() {
    network.setSubmitWait(Duration.ofSeconds(5));
    network.startClosing(Duration.ofMillis(20));
    try {
      assertEquals(SubmitOutcome.CONFIRMED, chain.submit(payment("4.00", "t1")).outcome());
    } finally {
      network.stopClosing();
    }
    assertEquals(Money.of(4), network.usdcBalance(b.publicKey()));
  }

  @Test
  void failNextAndTimeoutNextHaveNoEffect() {
    SignedTransaction tx = payment("1.00", "f1");
    network.failNext(CallKind.SUBMIT, 1);
    assertThrows(ChainException.class, () -> chain.submit(tx));
    network.timeoutNext(CallKind.SUBMIT, 1);
    assertThrows(ChainException.class, () -> chain.submit(tx));
    assertEquals(TransactionStatus.NOT_FOUND, chain.lookup(tx.hash()).status());
    assertEquals(Money.ZERO, network.usdcBalance(b.publicKey()));
    assertEquals(SubmitOutcome.CONFIRMED, chain.submit(tx).outcome());
    network.failNext(CallKind.ESCROW, 1);
    assertThrows(EscrowGatewayException.class, () -> network.escrowGateway().inspect("C"));
  }

  @Test
  void aLostResponseWasApplied() {
    SignedTransaction tx = payment("5.00", "l1");
    network.loseResponseNext(CallKind.SUBMIT, 1);
    assertThrows(ChainException.class, () -> chain.submit(tx));
    assertEquals(TransactionStatus.SUCCESS, chain.lookup(tx.hash()).status());
    assertEquals(Money.of(5), network.usdcBalance(b.publicKey()));
    assertEquals(SubmitOutcome.CONFIRMED, chain.submit(tx).outcome());
    assertEquals(Money.of(5), network.usdcBalance(b.publicKey()));
  }

  @Test
  void seededFailureRateIsRepeatable() {
    network.seed(7);
    network.failureRate(50);
    StringBuilder first = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      first.append(attempt());
    }
    network.seed(7);
    StringBuilder second = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      second.append(attempt());
    }
    assertEquals(first.toString(), second.toString());
    assertTrue(first.toString().contains("x") && first.toString().contains("."));
    network.reset();
    assertEquals(".", attempt());
  }

  private String attempt() {
    try {
      chain.usdcBalance(a.publicKey());
      return ".";
    } catch (ChainException e) {
      return "x";
    }
  }

  @Test
  void stateSurvivesSaveAndLoad(@TempDir Path dir) {
    network.setAutoClose(false);
    SignedTransaction queued = payment("7.00", "q1");
    chain.submit(queued);
    Money supply = network.totalUsdc();
    Path file = dir.resolve("network.bin");
    network.save(file);
    SimulatedNetwork reloaded = SimulatedNetwork.load(file, clock);
    reloaded.setAutoClose(false);
    assertEquals(supply, reloaded.totalUsdc());
    assertEquals(Money.of(100), reloaded.usdcBalance(a.publicKey()));
    assertEquals(1, reloaded.closeLedger());
    assertEquals(Money.of(7), reloaded.usdcBalance(b.publicKey()));
    assertEquals(TransactionStatus.SUCCESS, reloaded.chainAdapter().lookup(queued.hash()).status());
    assertEquals(supply, reloaded.totalUsdc(), "payments conserve USDC");
  }
}
