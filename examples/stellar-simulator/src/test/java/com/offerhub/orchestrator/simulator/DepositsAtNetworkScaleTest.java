package com.offerhub.orchestrator.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.model.Deposit;
import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.model.User;
import com.offerhub.orchestrator.testkit.InMemoryStorage;
import com.offerhub.orchestrator.testkit.network.SimulatedNetwork;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.stellar.sdk.Account;
import org.stellar.sdk.KeyPair;
import org.stellar.sdk.PaymentOperation;
import org.stellar.sdk.Transaction;
import org.stellar.sdk.TransactionBuilder;
import org.stellar.sdk.responses.SubmitTransactionResponse;

/**
 * Issue 9 item 5: the deposit watcher on a network as busy as mainnet. The simulator closes a
 * ledger every second with 1,000 unrelated USDC payments, and outside accounts pay our wallets
 * meanwhile, their payments landing at random positions among the load. Over the real adapter and
 * HTTP, every deposit is credited once with its amount, the watcher stays within 2 ledgers of the
 * network, and the memory in use after a full collection does not grow with the ledgers read.
 */
class DepositsAtNetworkScaleTest {
  private static final Duration LEDGER = Duration.ofSeconds(1);
  private static final int LOAD = 1000;
  private static final int WARM_UP_LEDGERS = 8;
  private static final int MEASURED_LEDGERS = 24;

  /** A payment of ours sent during the run: which ledger it landed in, and when the watcher had it. */
  private record Sent(String hash, long ledger, User user, Money amount) {}

  @Test
  void atAThousandUnrelatedPaymentsALedgerEveryDepositIsCreditedOnceWithinTwoLedgersInBoundedMemory()
      throws Exception {
    ScheduledExecutorService jobs = Executors.newScheduledThreadPool(2);
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    ExecutorService payers = Executors.newFixedThreadPool(4);
    try (Sim sim = Sim.instant();
        EngineOnSimulator node = EngineOnSimulator.start(sim.simulator, new InMemoryStorage(), KeyPair.random(),
            EngineOnSimulator.newCipher(), Duration.ofSeconds(15), "scale-1")) {
      SimulatedNetwork network = sim.simulator.network();
      List<User> users = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        users.add(node.user("scale-" + i));
      }
      List<KeyPair> outside = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        KeyPair payer = sim.withTrustline();
        sim.deposit(payer, "1000000");
        outside.add(payer);
      }
      node.engine.scanDeposits();

      network.setLoadRetention(5);
      network.setLoad(LOAD);
      network.startClosing(LEDGER);
      long loadFrom = network.ledger() + 1;
      node.engine.start(jobs, Duration.ofMillis(200));
      long measureFrom = loadFrom + WARM_UP_LEDGERS;
      long measureTo = measureFrom + MEASURED_LEDGERS;

      ConcurrentLinkedQueue<Sent> pending = new ConcurrentLinkedQueue<>();
      List<Sent> sent = java.util.Collections.synchronizedList(new ArrayList<>());
      List<Future<?>> running = new ArrayList<>();
      for (int p = 0; p < outside.size(); p++) {
        KeyPair payer = outside.get(p);
        Random random = new Random(p);
        running.add(payers.submit(() -> {
          long sequence = sim.horizon.accounts().account(payer.getAccountId()).getSequenceNumber();
          while (network.ledger() < measureTo - 2) {
            if (random.nextInt(4) == 0) {
              network.awaitLedgerAfter(network.ledger(), Duration.ofSeconds(5));
              continue;
            }
            User user = users.get(random.nextInt(users.size()));
            Money amount = Money.ofStroops(1 + random.nextInt(1_000_000_000));
            Transaction tx = new TransactionBuilder(new Account(payer.getAccountId(), sequence), Sim.NETWORK)
                .setBaseFee(100).setTimeout(60)
                .addOperation(new PaymentOperation.Builder(node.address(user), sim.usdc,
                    amount.toBigDecimal().setScale(7).toPlainString()).build())
                .build();
            tx.sign(payer);
            SubmitTransactionResponse response = sim.horizon.submitTransaction(tx, true);
            assertTrue(response.isSuccess(), () -> Sim.codes(response));
            sequence++;
            Sent payment = new Sent(response.getHash(), response.getLedger(), user, amount);
            sent.add(payment);
            pending.add(payment);
          }
          return null;
        }));
      }

      // Lag, sampled every 50 ms once warmed up: the latest closed ledger against the ledger of the
      // watcher's cursor, and against the ledger of each deposit when it is first seen credited.
      AtomicLong cursorLag = new AtomicLong();
      AtomicLong depositLag = new AtomicLong();
      AtomicLong samples = new AtomicLong();
      Map<Long, Long> heapAfterGc = new java.util.concurrent.ConcurrentHashMap<>();
      MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
      sampler.scheduleAtFixedRate(() -> {
        long latest = network.ledger();
        boolean measuring = latest >= measureFrom;
        for (Sent payment : pending) {
          if (node.deposit(payment.hash(), 0).isPresent()) {
            if (payment.ledger() >= measureFrom) {
              depositLag.accumulateAndGet(latest - payment.ledger(), Math::max);
            }
            pending.remove(payment);
          }
        }
        if (!measuring) {
          return;
        }
        samples.incrementAndGet();
        cursorLag.accumulateAndGet(latest - node.cursorLedger(), Math::max);
        if (latest < measureTo && !heapAfterGc.containsKey(latest)) {
          System.gc();
          heapAfterGc.put(latest, memory.getHeapMemoryUsage().getUsed());
        }
      }, 50, 50, TimeUnit.MILLISECONDS);

      for (Future<?> payer : running) {
        payer.get(MEASURED_LEDGERS * 10L, TimeUnit.SECONDS);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while ((network.ledger() < measureTo || !pending.isEmpty()) && System.nanoTime() < deadline) {
        network.awaitLedgerAfter(network.ledger(), Duration.ofSeconds(2));
      }
      sampler.shutdown();
      assertTrue(sampler.awaitTermination(10, TimeUnit.SECONDS));
      jobs.shutdown();
      assertTrue(jobs.awaitTermination(30, TimeUnit.SECONDS));
      network.stopClosing();
      long ledgers = network.ledger() - loadFrom + 1;

      double growth = growthPerLedger(heapAfterGc);
      String figures = String.format("ledger %d ms, %d unrelated payments a ledger, %d ledgers with load; "
          + "%d deposits; max cursor lag %d ledgers, max deposit lag %d ledgers (%d samples); "
          + "%d scans read %d payments in %d ms (%.0f payments/s while scanning); heap after GC grows %.0f bytes a "
          + "ledger (by ledger: %s)",
          LEDGER.toMillis(), LOAD, ledgers, sent.size(), cursorLag.get(), depositLag.get(), samples.get(),
          node.scans.calls.get(), node.scans.payments.get(), node.scans.nanos.get() / 1_000_000,
          node.scans.payments.get() * 1e9 / Math.max(1, node.scans.nanos.get()), growth, new java.util.TreeMap<>(heapAfterGc));
      System.out.println("[deposits at scale] " + figures);

      assertTrue(sent.size() >= MEASURED_LEDGERS, "deposits were sent throughout: " + sent.size());
      assertTrue(pending.isEmpty(), "every deposit credited: " + pending.size() + " missing; " + figures);
      Map<String, Money> expected = new HashMap<>();
      for (Sent payment : sent) {
        Deposit deposit = node.deposit(payment.hash(), 0).orElseThrow();
        assertEquals(payment.amount(), deposit.amount(), "credited with its exact amount");
        assertEquals(payment.user().id(), deposit.userId());
        expected.merge(payment.user().id(), payment.amount(), Money::plus);
      }
      for (User user : users) {
        assertEquals(expected.getOrDefault(user.id(), Money.ZERO), node.engine.balances().get(user.id()).available(),
            "each deposit credited once: nothing more, nothing less");
      }
      assertTrue(node.engine.ledger().verify().isClean());
      assertTrue(node.scans.payments.get() >= (long) LOAD * MEASURED_LEDGERS, "the load was read: " + figures);
      assertTrue(cursorLag.get() <= 2, "the watcher's cursor within 2 ledgers of the network: " + figures);
      assertTrue(depositLag.get() <= 2, "each deposit credited within 2 ledgers: " + figures);
      // What stays live grows with the deposits credited (books, events, the network's own records
      // of them: some 10 KB a ledger here), not with the 1,000 payments a ledger read: anything kept
      // per payment read, such as a set of the ids seen (100 bytes each at least), adds 100 KB a ledger.
      assertTrue(heapAfterGc.size() >= MEASURED_LEDGERS - 4, "heap sampled throughout: " + figures);
      assertTrue(growth < 50_000, "memory does not grow with the payments read: " + figures);
    } finally {
      payers.shutdownNow();
      sampler.shutdownNow();
      jobs.shutdownNow();
    }
  }

  /**
   * How much the heap in use after a full collection grew a ledger, from the first samples to the
   * last: the least of each window, as a page in flight at the moment of a collection only ever adds.
   */
  private static double growthPerLedger(Map<Long, Long> heapByLedger) {
    List<Map.Entry<Long, Long>> samples = new ArrayList<>(new java.util.TreeMap<>(heapByLedger).entrySet());
    int window = samples.size() / 4;
    if (window < 2) {
      return Double.NaN;
    }
    List<Map.Entry<Long, Long>> first = samples.subList(0, window);
    List<Map.Entry<Long, Long>> last = samples.subList(samples.size() - window, samples.size());
    double ledgers = last.stream().mapToLong(Map.Entry::getKey).average().orElseThrow()
        - first.stream().mapToLong(Map.Entry::getKey).average().orElseThrow();
    long grown = last.stream().mapToLong(Map.Entry::getValue).min().orElseThrow()
        - first.stream().mapToLong(Map.Entry::getValue).min().orElseThrow();
    return grown / ledgers;
  }
}
