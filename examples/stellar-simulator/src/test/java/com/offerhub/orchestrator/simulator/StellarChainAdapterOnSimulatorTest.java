package com.offerhub.orchestrator.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.spi.chain.ChainException;
import com.offerhub.orchestrator.spi.chain.IncomingPayment;
import com.offerhub.orchestrator.spi.chain.KeyPair;
import com.offerhub.orchestrator.spi.chain.SecretSeed;
import com.offerhub.orchestrator.spi.chain.SignedTransaction;
import com.offerhub.orchestrator.spi.chain.SubmitOutcome;
import com.offerhub.orchestrator.spi.chain.SubmitResult;
import com.offerhub.orchestrator.spi.chain.TransactionLookup;
import com.offerhub.orchestrator.spi.chain.TransactionStatus;
import com.offerhub.orchestrator.spi.chain.UnsignedTransaction;
import com.offerhub.orchestrator.spi.coordination.LeaseService;
import com.offerhub.orchestrator.stellar.StellarChainAdapter;
import com.offerhub.orchestrator.stellar.StellarSettings;
import com.offerhub.orchestrator.testkit.InMemoryCoordination;
import com.offerhub.orchestrator.testkit.MutableClock;
import com.offerhub.orchestrator.testkit.network.EscrowView;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.stellar.sdk.AbstractTransaction;
import org.stellar.sdk.FeeBumpTransaction;

/**
 * {@link StellarChainAdapter} against the simulator beyond the contract suite: answers lost after
 * applying, submissions that never arrived, the platform's contract calls on channel accounts at
 * volume (issue 9 item 3), contract payouts in the payment scan.
 */
class StellarChainAdapterOnSimulatorTest {
  private static final String KEY = "simulator-key";

  private static StellarChainAdapter adapter(Sim sim, org.stellar.sdk.KeyPair funding, int channels, Clock clock) {
    StellarChainAdapter chain = unprepared(sim, funding, channels, new InMemoryCoordination(clock), clock);
    chain.preparePlatformAccounts();
    return chain;
  }

  private static StellarChainAdapter unprepared(Sim sim, org.stellar.sdk.KeyPair funding, int channels,
      LeaseService leases, Clock clock) {
    return StellarChainAdapter.create(StellarSettings.builder()
        .horizonUrl(sim.url())
        .rpcUrl(sim.url() + "/rpc")
        .friendbotUrl(sim.url() + "/friendbot")
        .networkPassphrase(StellarSettings.TESTNET_PASSPHRASE)
        .usdc("USDC", StellarSimulator.TESTNET_USDC_ISSUER)
        .fundingSecret(new SecretSeed(funding.getSecretSeed()))
        .channelsDerivedFromFunding(channels)
        .leaseService(leases)
        .clock(clock)
        .build());
  }

  private static KeyPair active(StellarChainAdapter chain) {
    KeyPair keys = chain.newKeyPair();
    assertTrue(chain.activate(keys.publicKey(), keys.secret()));
    return keys;
  }

  @Test
  void anAnswerLostAfterApplyingIsSettledByHashAndNeverAppliedTwice() throws Exception {
    try (Sim sim = Sim.instant()) {
      StellarChainAdapter chain = adapter(sim, org.stellar.sdk.KeyPair.random(), 1, Clock.systemUTC());
      KeyPair a = active(chain);
      KeyPair b = active(chain);
      sim.simulator.network().depositFromOutside(a.publicKey(), Money.of(10));
      SignedTransaction signed = chain.sign(chain.buildPayment(a.publicKey(), b.publicKey(), Money.of(4), "wd_lost"),
          a.secret());
      sim.simulator.faults().nextSubmits(Faults.Submit.TIMEOUT_AFTER_APPLY, 1);
      assertEquals(SubmitResult.pending(signed.hash()), chain.submit(signed));
      TransactionLookup seen = chain.lookup(signed.hash());
      assertEquals(TransactionStatus.SUCCESS, seen.status());
      assertEquals(SubmitOutcome.CONFIRMED, chain.submit(signed).outcome(), "the same envelope again: its outcome");
      assertEquals(Money.of(4), chain.usdcBalance(b.publicKey()));
      assertEquals(Money.of(6), chain.usdcBalance(a.publicKey()));
      assertEquals(Money.ZERO, chain.xlmBalance(a.publicKey()), "the wallet paid no fee: the funding account did");
      chain.close();
    }
  }

  @Test
  void aSubmissionThatNeverArrivedStaysPendingUntilItsTimeBoundThenCanNeverApply() throws Exception {
    MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    try (Sim sim = new Sim(StellarSimulator.builder().ledgerInterval(Duration.ZERO).clock(clock))) {
      StellarChainAdapter chain = adapter(sim, org.stellar.sdk.KeyPair.random(), 1, clock);
      KeyPair a = active(chain);
      KeyPair b = active(chain);
      sim.simulator.network().depositFromOutside(a.publicKey(), Money.of(3));
      SignedTransaction signed = chain.sign(chain.buildPayment(a.publicKey(), b.publicKey(), Money.of(1), "wd_gone"),
          a.secret());
      for (Faults.Submit fault : List.of(Faults.Submit.TIMEOUT, Faults.Submit.UNAVAILABLE, Faults.Submit.RESET,
          Faults.Submit.RATE_LIMITED)) {
        sim.simulator.faults().nextSubmits(fault, 1);
        assertEquals(SubmitOutcome.PENDING, chain.submit(signed).outcome(), fault.name());
      }
      TransactionLookup notYet = chain.lookup(signed.hash());
      assertEquals(TransactionStatus.NOT_FOUND, notYet.status());
      assertFalse(notYet.latestLedgerCloseTime().isAfter(signed.validUntil()), "still in time: resubmit the same");
      clock.advance(Duration.ofMinutes(5));
      sim.simulator.network().closeLedger();
      TransactionLookup expired = chain.lookup(signed.hash());
      assertEquals(TransactionStatus.NOT_FOUND, expired.status());
      assertTrue(expired.latestLedgerCloseTime().isAfter(signed.validUntil()), "past its time bound it never applies");
      SubmitResult late = chain.submit(signed);
      assertEquals(SubmitOutcome.REJECTED, late.outcome());
      assertTrue(late.error().contains("too_late"), late.error());
      assertEquals(Money.of(3), chain.usdcBalance(a.publicKey()));
      chain.close();
    }
  }

  /**
   * Issue 9: two instances started at once on one funding key both read the channel accounts as
   * missing. Here the first creates them while the second asks for the funding account's lease to
   * create them too (the race, made certain); the second reads again under the lease and creates
   * none. Before, its create_account failed the transaction with op_already_exists and the second
   * server exited at start.
   */
  @Test
  void twoInstancesPreparingAtOnceCreateEachChannelOnce() throws Exception {
    try (Sim sim = Sim.instant()) {
      org.stellar.sdk.KeyPair funding = org.stellar.sdk.KeyPair.random();
      InMemoryCoordination shared = new InMemoryCoordination(Clock.systemUTC());
      StellarChainAdapter first = unprepared(sim, funding, 3, shared, Clock.systemUTC());
      java.util.concurrent.atomic.AtomicBoolean raced = new java.util.concurrent.atomic.AtomicBoolean();
      LeaseService racing = new LeaseService() {
        @Override
        public boolean tryAcquire(String name, String owner, Duration duration) {
          if (name.endsWith(funding.getAccountId()) && raced.compareAndSet(false, true)) {
            first.preparePlatformAccounts();
          }
          return shared.tryAcquire(name, owner, duration);
        }

        @Override
        public void release(String name, String owner) {
          shared.release(name, owner);
        }
      };
      StellarChainAdapter second = unprepared(sim, funding, 3, racing, Clock.systemUTC());
      second.preparePlatformAccounts();
      assertTrue(raced.get(), "the first instance ran in the second's window");
      for (String channel : second.settings().channelAccounts()) {
        assertTrue(sim.simulator.network().account(channel) != null, channel + " exists");
      }
      // both instances build on them: each activates a wallet from a channel account
      KeyPair a = active(first);
      KeyPair b = active(second);
      assertTrue(sim.simulator.network().account(a.publicKey()) != null && sim.simulator.network().account(
          b.publicKey()) != null);
      first.close();
      second.close();
    }
  }

  @Test
  void helloRefusesASimulatorServingAnotherNetwork() throws Exception {
    try (Sim sim = Sim.instant()) {
      StellarChainAdapter chain = adapter(sim, org.stellar.sdk.KeyPair.random(), 0, Clock.systemUTC());
      chain.hello();
      sim.simulator.faults().reportPassphrase(StellarSettings.MAINNET_PASSPHRASE);
      ChainException e = org.junit.jupiter.api.Assertions.assertThrows(ChainException.class, chain::hello);
      assertTrue(e.getMessage().contains(StellarSettings.MAINNET_PASSPHRASE), e.getMessage());
      chain.close();
    }
  }

  /**
   * Issue 9 item 3: Trustless Work builds every platform-signed deploy and resolve on the platform
   * account's next sequence number, so on that account they could land one per ledger at best (and
   * here all twenty share one sequence number). Moved onto channel accounts with the platform's
   * authorization as an address credential, 20 deploys land within 2 ledgers of being sent, and so
   * do 20 resolves; buyers with no XLM fund and dispute through fee-bumps.
   */
  @Test
  void twentyDeploysAndTwentyResolvesOfThePlatformEachLandWithinTwoLedgers() throws Exception {
    int count = 20;
    ExecutorService pool = Executors.newFixedThreadPool(count);
    try (Sim sim = new Sim(StellarSimulator.builder().ledgerInterval(Duration.ofMillis(600)))) {
      org.stellar.sdk.KeyPair funding = org.stellar.sdk.KeyPair.random();
      StellarChainAdapter chain = adapter(sim, funding, count, Clock.systemUTC());
      String platform = funding.getAccountId();
      assertTrue(chain.activate(platform, new SecretSeed(funding.getSecretSeed())), "the platform receives fees");
      KeyPair seller = active(chain);
      List<KeyPair> buyers = all(pool, count, i -> {
        KeyPair buyer = active(chain);
        sim.simulator.network().depositFromOutside(buyer.publicKey(), Money.of(10));
        return buyer;
      });
      String scanStart = chain.scanPayments(null, 200).nextCursor();

      List<SignedTransaction> deploys = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        UnsignedTransaction unsigned = tw(sim, "/tw/deployer/single-release", deployBody(i, platform,
            buyers.get(i).publicKey(), seller.publicKey()), platform);
        deploys.add(chain.sign(unsigned, new SecretSeed(funding.getSecretSeed())));
      }
      assertEquals(count, deploys.stream().map(d -> innerSource(d)).distinct().count(),
          "each deploy runs on its own channel account, none on the platform's");
      assertFalse(deploys.stream().anyMatch(d -> innerSource(d).equals(platform)));
      assertLandWithinTwoLedgers(sim, pool, chain, deploys);
      List<String> contracts = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String engagement = "ord_" + i;
        contracts.add(sim.simulator.network().escrows().stream().filter(e -> e.engagementId().equals(engagement))
            .map(EscrowView::contractId).findFirst().orElseThrow());
      }

      all(pool, count, i -> {
        KeyPair buyer = buyers.get(i);
        String contract = contracts.get(i);
        submitted(chain, chain.sign(tw(sim, "/tw/escrow/single-release/fund-escrow", "{\"contractId\":\"" + contract
            + "\",\"signer\":\"" + buyer.publicKey() + "\",\"amount\":10}", buyer.publicKey()), buyer.secret()));
        submitted(chain, chain.sign(tw(sim, "/tw/escrow/single-release/dispute-escrow", "{\"contractId\":\"" + contract
            + "\",\"signer\":\"" + buyer.publicKey() + "\"}", buyer.publicKey()), buyer.secret()));
        return contract;
      });

      List<SignedTransaction> resolves = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String body = "{\"contractId\":\"" + contracts.get(i) + "\",\"disputeResolver\":\"" + platform
            + "\",\"distributions\":[{\"address\":\"" + seller.publicKey() + "\",\"amount\":4},{\"address\":\""
            + buyers.get(i).publicKey() + "\",\"amount\":6}]}";
        resolves.add(chain.sign(tw(sim, "/tw/escrow/single-release/resolve-dispute", body, platform),
            new SecretSeed(funding.getSecretSeed())));
      }
      assertLandWithinTwoLedgers(sim, pool, chain, resolves);
      for (int i = 0; i < count; i++) {
        assertTrue(sim.simulator.network().escrow(contracts.get(i)).resolved());
        assertEquals(Money.ZERO, chain.xlmBalance(buyers.get(i).publicKey()), "buyers never paid a fee");
      }

      List<IncomingPayment> payouts = new ArrayList<>();
      String cursor = scanStart;
      for (int page = 0; page < 50; page++) {
        var scanned = chain.scanPayments(cursor, 50);
        payouts.addAll(scanned.payments());
        if (scanned.nextCursor() == null || scanned.nextCursor().equals(cursor)) {
          break;
        }
        cursor = scanned.nextCursor();
      }
      for (int i = 0; i < count; i++) {
        String contract = contracts.get(i);
        String buyer = buyers.get(i).publicKey();
        assertTrue(payouts.stream().anyMatch(p -> contract.equals(p.from()) && buyer.equals(p.to())
            && p.amount().isPositive()), "the payout of " + contract + " to its buyer shows in the scan, from the contract");
      }
      chain.close();
    } finally {
      pool.shutdownNow();
    }
  }

  private static String innerSource(SignedTransaction signed) {
    try {
      return ((FeeBumpTransaction) AbstractTransaction.fromEnvelopeXdr(signed.envelope(), Sim.NETWORK))
          .getInnerTransaction().getSourceAccount();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void assertLandWithinTwoLedgers(Sim sim, ExecutorService pool, StellarChainAdapter chain,
      List<SignedTransaction> transactions) throws Exception {
    long sentAt = sim.simulator.network().ledger();
    List<SubmitResult> results = all(pool, transactions.size(), i -> chain.submit(transactions.get(i)));
    for (SubmitResult result : results) {
      assertEquals(SubmitOutcome.CONFIRMED, result.outcome(), String.valueOf(result.error()));
      assertTrue(result.ledger() <= sentAt + 2, "sent after ledger " + sentAt + ", landed in " + result.ledger());
    }
  }

  private static SubmitResult submitted(StellarChainAdapter chain, SignedTransaction signed) {
    SubmitResult result = chain.submit(signed);
    assertEquals(SubmitOutcome.CONFIRMED, result.outcome(), String.valueOf(result.error()));
    return result;
  }

  private static UnsignedTransaction tw(Sim sim, String path, String body, String signer) throws Exception {
    HttpResponse<String> response = sim.post(path, body, KEY);
    assertEquals(200, response.statusCode(), response.body());
    JsonNode json = Sim.json(response);
    String xdr = json.get("unsignedTransaction").asText();
    var tx = (org.stellar.sdk.Transaction) Sim.parse(xdr);
    return new UnsignedTransaction(xdr, signer,
        Instant.ofEpochSecond(tx.getTimeBounds().getMaxTime().longValueExact()));
  }

  private static String deployBody(int i, String platform, String buyer, String seller) {
    return "{\"signer\":\"" + platform + "\",\"engagementId\":\"ord_" + i + "\",\"title\":\"Logo\","
        + "\"description\":\"A logo\",\"roles\":{\"approver\":\"" + buyer + "\",\"serviceProvider\":\"" + seller
        + "\",\"platformAddress\":\"" + platform + "\",\"releaseSigner\":\"" + buyer + "\",\"disputeResolver\":\""
        + platform + "\",\"receiver\":\"" + seller + "\"},\"amount\":10,\"platformFee\":5,"
        + "\"milestones\":[{\"description\":\"Logo\"}],\"trustline\":{\"address\":\""
        + StellarSimulator.TESTNET_USDC_ISSUER + "\",\"symbol\":\"USDC\"}}";
  }

  private interface Step<T> {
    T run(int index) throws Exception;
  }

  private static <T> List<T> all(ExecutorService pool, int count, Step<T> step) throws Exception {
    List<Future<T>> futures = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int index = i;
      Callable<T> call = () -> step.run(index);
      futures.add(pool.submit(call));
    }
    List<T> out = new ArrayList<>();
    for (Future<T> future : futures) {
      out.add(future.get());
    }
    return out;
  }
}
