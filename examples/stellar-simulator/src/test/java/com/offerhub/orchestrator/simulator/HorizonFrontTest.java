package com.offerhub.orchestrator.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.testkit.network.SimulatedNetwork;
import com.offerhub.orchestrator.testkit.network.TxRecord;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stellar.sdk.Account;
import org.stellar.sdk.CreateAccountOperation;
import org.stellar.sdk.FeeBumpTransaction;
import org.stellar.sdk.KeyPair;
import org.stellar.sdk.TimeBounds;
import org.stellar.sdk.Transaction;
import org.stellar.sdk.TransactionBuilder;
import org.stellar.sdk.TransactionPreconditions;
import org.stellar.sdk.requests.ErrorResponse;
import org.stellar.sdk.requests.EventListener;
import org.stellar.sdk.requests.RequestBuilder;
import org.stellar.sdk.requests.SSEStream;
import org.stellar.sdk.responses.AccountResponse;
import org.stellar.sdk.responses.Page;
import org.stellar.sdk.responses.SubmitTransactionResponse;
import org.stellar.sdk.responses.TransactionResponse;
import org.stellar.sdk.responses.operations.OperationResponse;
import org.stellar.sdk.responses.operations.PaymentOperationResponse;

/** Horizon and friendbot over HTTP, driven by the real 0.44.0 SDK. */
class HorizonFrontTest {

  @Test
  void friendbotThenAnSdkPaymentIsListedInPaymentsAndStreamed() throws Exception {
    try (Sim sim = Sim.instant()) {
      assertEquals(Sim.NETWORK.getNetworkPassphrase(), sim.horizon.root().getNetworkPassphrase());
      KeyPair a = sim.withTrustline();
      KeyPair b = sim.withTrustline();
      assertEquals("9999.9999900", sim.xlmBalance(b.getAccountId()), "10,000 XLM from friendbot, 100 stroops of fee");
      sim.deposit(a, "100.00");
      List<PaymentOperationResponse> streamed = new CopyOnWriteArrayList<>();
      CountDownLatch seen = new CountDownLatch(1);
      SSEStream<OperationResponse> stream = sim.horizon.payments().forAccount(b.getAccountId()).cursor("0")
          .stream(new EventListener<>() {
            @Override
            public void onEvent(OperationResponse op) {
              if (op instanceof PaymentOperationResponse payment) {
                streamed.add(payment);
                seen.countDown();
              }
            }

            @Override
            public void onFailure(Optional<Throwable> error, Optional<Integer> code) {}
          });
      try {
        SubmitTransactionResponse paid = sim.submit(a, sim.pay(b, "25.5"));
        assertTrue(paid.isSuccess(), () -> Sim.codes(paid));
        Page<OperationResponse> page = sim.horizon.payments().forAccount(b.getAccountId()).includeTransactions(true)
            .order(RequestBuilder.Order.ASC).limit(200).execute();
        PaymentOperationResponse payment = page.getRecords().stream()
            .filter(r -> r instanceof PaymentOperationResponse && r.getTransactionHash().equals(paid.getHash()))
            .map(r -> (PaymentOperationResponse) r).findFirst().orElseThrow();
        assertEquals("25.5000000", payment.getAmount());
        assertEquals(a.getAccountId(), payment.getFrom());
        assertEquals(b.getAccountId(), payment.getTo());
        assertEquals(sim.usdc, payment.getAsset());
        assertEquals(paid.getHash(), payment.getTransaction().orElseThrow().getHash());
        assertTrue(sim.horizon.payments().limit(200).execute().getRecords().stream()
            .anyMatch(r -> r.getTransactionHash().equals(paid.getHash())), "the global stream lists it too");
        assertTrue(seen.await(10, TimeUnit.SECONDS), "the SSE stream delivers the payment");
        assertEquals("25.5000000", streamed.get(0).getAmount());
        assertEquals("25.5000000", sim.usdcBalance(b));
      } finally {
        stream.close();
      }
      HttpResponse<String> again = sim.get("/friendbot?addr=" + a.getAccountId(), null);
      assertEquals(400, again.statusCode(), "friendbot refuses an existing account");
    }
  }

  @Test
  void aSignatureByTheWrongKeyIsTxBadAuthAndSpendsNoSequence() throws Exception {
    try (Sim sim = Sim.instant()) {
      KeyPair a = sim.withTrustline();
      KeyPair b = sim.withTrustline();
      long before = sim.horizon.accounts().account(a.getAccountId()).getSequenceNumber();
      Transaction tx = sim.build(a, sim.pay(b, "1"));
      tx.sign(b);
      SubmitTransactionResponse response = sim.horizon.submitTransaction(tx, true);
      assertFalse(response.isSuccess());
      assertEquals("tx_bad_auth", response.getExtras().getResultCodes().getTransactionResultCode());
      assertEquals(before, sim.horizon.accounts().account(a.getAccountId()).getSequenceNumber());
    }
  }

  @Test
  void aSequenceNumberNotNextIsTxBadSeq() throws Exception {
    try (Sim sim = Sim.instant()) {
      KeyPair a = sim.withTrustline();
      KeyPair b = sim.withTrustline();
      long sequence = sim.horizon.accounts().account(a.getAccountId()).getSequenceNumber();
      Transaction tx = new TransactionBuilder(new Account(a.getAccountId(), sequence + 5), Sim.NETWORK)
          .setBaseFee(100).setTimeout(60).addOperation(sim.pay(b, "1")).build();
      tx.sign(a);
      SubmitTransactionResponse response = sim.horizon.submitTransaction(tx, true);
      assertEquals("tx_bad_seq", response.getExtras().getResultCodes().getTransactionResultCode());
    }
  }

  @Test
  void aTransactionPastItsMaxTimeIsTxTooLate() throws Exception {
    try (Sim sim = Sim.instant()) {
      KeyPair a = sim.withTrustline();
      KeyPair b = sim.withTrustline();
      AccountResponse account = sim.horizon.accounts().account(a.getAccountId());
      long now = System.currentTimeMillis() / 1000;
      Transaction tx = new TransactionBuilder(account, Sim.NETWORK).setBaseFee(100)
          .addPreconditions(TransactionPreconditions.builder().timeBounds(new TimeBounds(0, now - 60)).build())
          .addOperation(sim.pay(b, "1")).build();
      tx.sign(a);
      SubmitTransactionResponse response = sim.horizon.submitTransaction(tx, true);
      assertEquals("tx_too_late", response.getExtras().getResultCodes().getTransactionResultCode());
    }
  }

  @Test
  void aPaymentToAnAccountWithoutTrustlineFailsWithOpNoTrustAndSpendsTheSequence() throws Exception {
    try (Sim sim = Sim.instant()) {
      KeyPair a = sim.withTrustline();
      KeyPair noTrust = sim.funded();
      sim.deposit(a, "10");
      long before = sim.horizon.accounts().account(a.getAccountId()).getSequenceNumber();
      SubmitTransactionResponse response = sim.submit(a, sim.pay(noTrust, "1"));
      assertEquals("tx_failed", response.getExtras().getResultCodes().getTransactionResultCode());
      assertEquals(List.of("op_no_trust"), response.getExtras().getResultCodes().getOperationsResultCodes());
      assertEquals(before + 1, sim.horizon.accounts().account(a.getAccountId()).getSequenceNumber(),
          "a transaction that failed in the ledger spends its sequence number and fee");
      assertEquals("10.0000000", sim.usdcBalance(a));
    }
  }

  /**
   * Path payments to USDC: XLM buys it from the issuer at 10 XLM a USDC (the model has no order
   * books), USDC passes 1:1; the delivered amount is listed as {@code amount}, the cost as
   * {@code source_amount}; a minimum not met, a maximum exceeded and a pair with no offers fail
   * with Horizon's codes and move nothing.
   */
  @Test
  void pathPaymentsDeliverUsdcForXlmAtTheIssuersPriceAndFailOutsideTheirBounds() throws Exception {
    try (Sim sim = Sim.instant()) {
      KeyPair payer = sim.funded();
      KeyPair to = sim.withTrustline();
      SubmitTransactionResponse sent = sim.submit(payer, new org.stellar.sdk.PathPaymentStrictSendOperation.Builder(
          new org.stellar.sdk.AssetTypeNative(), "12.5", to.getAccountId(), sim.usdc, "1.2").build());
      assertTrue(sent.isSuccess(), () -> Sim.codes(sent));
      assertEquals("1.2500000", sim.usdcBalance(to));
      Page<OperationResponse> listed = sim.horizon.payments().forAccount(to.getAccountId()).order(
          RequestBuilder.Order.DESC).limit(1).execute();
      var path = (org.stellar.sdk.responses.operations.PathPaymentStrictSendOperationResponse) listed.getRecords().get(0);
      assertEquals("1.2500000", path.getAmount());
      assertEquals("12.5000000", path.getSourceAmount());
      assertEquals("native", path.getSourceAssetType());
      assertEquals(to.getAccountId(), path.getTo());
      SubmitTransactionResponse received = sim.submit(payer,
          new org.stellar.sdk.PathPaymentStrictReceiveOperation.Builder(new org.stellar.sdk.AssetTypeNative(), "20",
              to.getAccountId(), sim.usdc, "2").build());
      assertTrue(received.isSuccess(), () -> Sim.codes(received));
      assertEquals("3.2500000", sim.usdcBalance(to));
      refused(sim, payer, "op_under_dest_min", new org.stellar.sdk.PathPaymentStrictSendOperation.Builder(
          new org.stellar.sdk.AssetTypeNative(), "10", to.getAccountId(), sim.usdc, "1.0000001").build());
      refused(sim, payer, "op_over_source_max", new org.stellar.sdk.PathPaymentStrictReceiveOperation.Builder(
          new org.stellar.sdk.AssetTypeNative(), "9.9999999", to.getAccountId(), sim.usdc, "1").build());
      refused(sim, to, "op_too_few_offers", new org.stellar.sdk.PathPaymentStrictSendOperation.Builder(sim.usdc,
          "1", payer.getAccountId(), new org.stellar.sdk.AssetTypeNative(), "1").build());
      assertEquals("3.2500000", sim.usdcBalance(to), "nothing moved");
    }
  }

  private static void refused(Sim sim, KeyPair source, String code, org.stellar.sdk.Operation operation)
      throws Exception {
    SubmitTransactionResponse response = sim.submit(source, operation);
    assertFalse(response.isSuccess());
    assertEquals(List.of(code), response.getExtras().getResultCodes().getOperationsResultCodes());
  }

  @Test
  void aSponsoredAccountAndTrustlineAreCreatedInOneTransactionWithZeroXlm() throws Exception {
    try (Sim sim = Sim.instant()) {
      KeyPair funding = sim.withTrustline();
      KeyPair wallet = sim.sponsoredWallet(funding);
      AccountResponse account = sim.horizon.accounts().account(wallet.getAccountId());
      assertEquals("0.0000000", sim.xlmBalance(wallet.getAccountId()));
      assertEquals(3, account.getNumSponsored(), "account (2 reserves) and trustline (1) sponsored");
      assertEquals(1, account.getSubentryCount());
      assertEquals(funding.getAccountId(), account.getSponsor().orElseThrow());
      assertEquals("0.0000000", sim.usdcBalance(wallet));
      assertEquals(3, sim.horizon.accounts().account(funding.getAccountId()).getNumSponsoring());

      KeyPair unsigned = KeyPair.random();
      CreateAccountOperation create = new CreateAccountOperation.Builder(unsigned.getAccountId(), "0").build();
      SubmitTransactionResponse unsponsored = sim.submit(funding, create);
      assertEquals(List.of("op_low_reserve"), unsponsored.getExtras().getResultCodes().getOperationsResultCodes(),
          "without sponsorship an account needs its own reserve");
    }
  }

  @Test
  void aFeeBumpPaysForAnInnerSourceHoldingNoXlmAndIsFoundByBothHashes() throws Exception {
    try (Sim sim = Sim.instant()) {
      KeyPair funding = sim.withTrustline();
      KeyPair receiver = sim.withTrustline();
      KeyPair wallet = sim.sponsoredWallet(funding);
      sim.deposit(wallet, "10");
      String fundingXlm = sim.xlmBalance(funding.getAccountId());

      SubmitTransactionResponse alone = sim.submit(wallet, sim.pay(receiver, "1"));
      assertEquals("tx_insufficient_balance", alone.getExtras().getResultCodes().getTransactionResultCode(),
          "with no XLM of its own the wallet cannot pay a fee");

      Transaction inner = sim.build(wallet, sim.pay(receiver, "4"));
      inner.sign(wallet);
      FeeBumpTransaction bump = new FeeBumpTransaction.Builder(inner).setFeeAccount(funding.getAccountId())
          .setBaseFee(200).build();
      bump.sign(funding);
      SubmitTransactionResponse response = sim.horizon.submitTransaction(bump, true);
      assertTrue(response.isSuccess(), () -> Sim.codes(response));
      assertEquals(bump.hashHex(), response.getHash());
      assertNotEquals(bump.hashHex(), inner.hashHex());

      TransactionResponse byOuter = sim.horizon.transactions().transaction(bump.hashHex());
      TransactionResponse byInner = sim.horizon.transactions().transaction(inner.hashHex());
      assertTrue(byOuter.getSuccessful());
      assertTrue(byInner.getSuccessful());
      assertEquals(bump.hashHex(), byOuter.getHash());
      assertEquals(inner.hashHex(), byInner.getHash());
      assertEquals(bump.hashHex(), byInner.getFeeBump().orElseThrow().getHash());
      assertEquals(funding.getAccountId(), byOuter.getFeeAccount());
      assertEquals("0.0000000", sim.xlmBalance(wallet.getAccountId()), "the wallet still holds no XLM");
      assertEquals("4.0000000", sim.usdcBalance(receiver));
      assertEquals(new java.math.BigDecimal(fundingXlm).subtract(new java.math.BigDecimal("0.0000200")),
          new java.math.BigDecimal(sim.xlmBalance(funding.getAccountId())), "the fee source paid (1 op + bump) x 100");
    }
  }

  @Test
  void aSecondTransactionOfOneSourceWaitsForTheNextLedger() throws Exception {
    try (Sim sim = Sim.instant()) {
      KeyPair a = sim.withTrustline();
      KeyPair b = sim.withTrustline();
      sim.deposit(a, "10");
      SimulatedNetwork network = sim.simulator.network();
      network.setAutoClose(false);
      long sequence = sim.horizon.accounts().account(a.getAccountId()).getSequenceNumber();
      Account offline = new Account(a.getAccountId(), sequence);
      Transaction first = new TransactionBuilder(offline, Sim.NETWORK).setBaseFee(100).setTimeout(120)
          .addOperation(sim.pay(b, "1")).build();
      Transaction second = new TransactionBuilder(offline, Sim.NETWORK).setBaseFee(100).setTimeout(120)
          .addOperation(sim.pay(b, "2")).build();
      first.sign(a);
      second.sign(a);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        Future<SubmitTransactionResponse> one = pool.submit(() -> sim.horizon.submitTransaction(first, true));
        awaitQueued(network, 1);
        Future<SubmitTransactionResponse> two = pool.submit(() -> sim.horizon.submitTransaction(second, true));
        awaitQueued(network, 2);
        network.closeLedger();
        assertEquals(1, network.queuedTransactions(), "one transaction per source account per ledger");
        network.closeLedger();
        SubmitTransactionResponse r1 = one.get(10, TimeUnit.SECONDS);
        SubmitTransactionResponse r2 = two.get(10, TimeUnit.SECONDS);
        assertTrue(r1.isSuccess() && r2.isSuccess());
        assertEquals(r1.getLedger() + 1, r2.getLedger());
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void twentyTransactionsOfTwentySourcesLandInOneLedger() throws Exception {
    try (Sim sim = Sim.instant()) {
      KeyPair target = sim.withTrustline();
      List<KeyPair> sources = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        KeyPair source = sim.withTrustline();
        sim.deposit(source, "5");
        sources.add(source);
      }
      List<Transaction> txs = new ArrayList<>();
      for (KeyPair source : sources) {
        Transaction tx = sim.build(source, sim.pay(target, "1"));
        tx.sign(source);
        txs.add(tx);
      }
      SimulatedNetwork network = sim.simulator.network();
      network.setAutoClose(false);
      ExecutorService pool = Executors.newFixedThreadPool(20);
      try {
        List<Future<SubmitTransactionResponse>> results = new ArrayList<>();
        for (Transaction tx : txs) {
          results.add(pool.submit(() -> sim.horizon.submitTransaction(tx, true)));
        }
        awaitQueued(network, 20);
        network.closeLedger();
        long ledger = network.ledger();
        for (Future<SubmitTransactionResponse> result : results) {
          SubmitTransactionResponse response = result.get(10, TimeUnit.SECONDS);
          assertTrue(response.isSuccess(), () -> Sim.codes(response));
          assertEquals(ledger, response.getLedger());
        }
      } finally {
        pool.shutdownNow();
      }
      assertEquals("20.0000000", sim.usdcBalance(target));
    }
  }

  @Test
  void onTheLedgerTickerASubmitIsAnsweredWhenItsLedgerCloses() throws Exception {
    try (Sim sim = new Sim(StellarSimulator.builder().ledgerInterval(Duration.ofMillis(200)))) {
      KeyPair a = sim.withTrustline();
      KeyPair b = sim.withTrustline();
      sim.deposit(a, "3");
      long before = sim.simulator.network().ledger();
      SubmitTransactionResponse paid = sim.submit(a, sim.pay(b, "3"));
      assertTrue(paid.isSuccess(), () -> Sim.codes(paid));
      assertTrue(paid.getLedger() > before);
      assertEquals("3.0000000", sim.usdcBalance(b));
    }
  }

  private static void awaitQueued(SimulatedNetwork network, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (network.queuedTransactions() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("only " + network.queuedTransactions() + " of " + count + " queued");
      }
      Thread.sleep(5);
    }
  }

  @Test
  void unknownAccountsAndTransactionsAreProblemJson404() throws Exception {
    try (Sim sim = Sim.instant()) {
      ErrorResponse account = assertThrows(ErrorResponse.class,
          () -> sim.horizon.accounts().account(KeyPair.random().getAccountId()));
      assertEquals(404, account.getCode());
      ErrorResponse tx = assertThrows(ErrorResponse.class, () -> sim.horizon.transactions().transaction("00".repeat(32)));
      assertEquals(404, tx.getCode());
      HttpResponse<String> raw = sim.get("/accounts/" + KeyPair.random().getAccountId(), null);
      assertTrue(raw.headers().firstValue("content-type").orElse("").startsWith("application/problem+json"));
    }
  }

  @Test
  void stateSurvivesARestartWithTheSameDataDirectory(@TempDir Path dir) throws Exception {
    String hash;
    KeyPair a;
    KeyPair b;
    try (Sim sim = new Sim(StellarSimulator.builder().ledgerInterval(Duration.ZERO).dataDir(dir))) {
      a = sim.withTrustline();
      b = sim.withTrustline();
      sim.deposit(a, "50");
      SubmitTransactionResponse paid = sim.submit(a, sim.pay(b, "20"));
      assertTrue(paid.isSuccess());
      hash = paid.getHash();
    }
    try (Sim sim = new Sim(StellarSimulator.builder().ledgerInterval(Duration.ZERO).dataDir(dir))) {
      assertEquals("30.0000000", sim.usdcBalance(a));
      assertEquals("20.0000000", sim.usdcBalance(b));
      assertTrue(sim.horizon.transactions().transaction(hash).getSuccessful());
      SubmitTransactionResponse more = sim.submit(b, sim.pay(a, "5"));
      assertTrue(more.isSuccess(), "sequence numbers continue after the restart");
      TxRecord record = sim.simulator.network().record(hash);
      assertEquals(hash, record.tx().hash());
    }
  }
}
