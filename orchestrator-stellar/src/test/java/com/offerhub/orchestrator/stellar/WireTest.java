package com.offerhub.orchestrator.stellar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.spi.chain.ChainException;
import com.offerhub.orchestrator.spi.chain.IncomingPayment;
import com.offerhub.orchestrator.spi.chain.PaymentPage;
import com.offerhub.orchestrator.spi.chain.SignedTransaction;
import com.offerhub.orchestrator.spi.chain.SubmitOutcome;
import com.offerhub.orchestrator.spi.chain.SubmitResult;
import com.offerhub.orchestrator.spi.chain.TransactionLookup;
import com.offerhub.orchestrator.spi.chain.TransactionStatus;
import com.offerhub.orchestrator.spi.chain.UnsignedTransaction;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.stellar.sdk.Account;
import org.stellar.sdk.InvokeHostFunctionOperation;
import org.stellar.sdk.KeyPair;
import org.stellar.sdk.Network;
import org.stellar.sdk.SorobanDataBuilder;
import org.stellar.sdk.StrKey;
import org.stellar.sdk.TimeBounds;
import org.stellar.sdk.Transaction;
import org.stellar.sdk.TransactionBuilder;
import org.stellar.sdk.TransactionPreconditions;
import org.stellar.sdk.xdr.Int64;
import org.stellar.sdk.xdr.OperationResult;
import org.stellar.sdk.xdr.TransactionResult;
import org.stellar.sdk.xdr.TransactionResultCode;

/**
 * What only the wire can show: the exact bytes of {@code POST /transactions}, and how answers a
 * simulator does not easily give (gateway timeouts, resets, 429, unreadable bodies, foreign assets
 * and path payments in one page) are classified.
 */
class WireTest {
  private final Fixtures fixtures = new Fixtures();
  private final FakeEndpoints endpoints = new FakeEndpoints();
  private final MockWebServer server = new MockWebServer();
  private final KeyPair wallet = KeyPair.random();
  private final Instant validUntil = Fixtures.NOW.plusSeconds(60);
  private StellarChainAdapter chain;

  @BeforeEach
  void start() throws IOException {
    server.setDispatcher(endpoints);
    server.start();
    OkHttpClient client = new OkHttpClient.Builder().readTimeout(1, TimeUnit.SECONDS).build();
    chain = StellarChainAdapter.create(fixtures.settings(server.url("/").toString(), server.url("/rpc").toString())
        .httpClient(client).submitPollTimeout(Duration.ofMillis(600)).submitReadTimeout(Duration.ofSeconds(1)).build());
  }

  @AfterEach
  void stop() throws IOException {
    chain.close();
    server.shutdown();
  }

  private SignedTransaction signedPayment() {
    Transaction tx = StellarChainAdapter.payment(Network.TESTNET, new Account(wallet.getAccountId(), 5L),
        KeyPair.random().getAccountId(), Fixtures.USDC, Money.of(3), "wd_1", validUntil);
    return chain.sign(new UnsignedTransaction(tx.toEnvelopeXdrBase64(), wallet.getAccountId(), validUntil),
        Fixtures.seed(wallet));
  }

  private SignedTransaction signedContractCall() {
    Transaction tx = new TransactionBuilder(new Account(wallet.getAccountId(), 5L), Network.TESTNET)
        .setBaseFee(100_000)
        .addOperation(InvokeHostFunctionOperation.invokeContractFunctionOperationBuilder(
            StrKey.encodeContract(new byte[32]), "release_funds", List.of()).build())
        .setSorobanData(new SorobanDataBuilder().setResourceFee(99_000).build())
        .addPreconditions(TransactionPreconditions.builder().timeBounds(new TimeBounds(0, validUntil.getEpochSecond()))
            .build())
        .build();
    return chain.sign(new UnsignedTransaction(tx.toEnvelopeXdrBase64(), wallet.getAccountId(), validUntil),
        Fixtures.seed(wallet));
  }

  private static String resultXdr(TransactionResultCode code) {
    try {
      return new TransactionResult.Builder().feeCharged(new Int64(100L))
          .result(new TransactionResult.TransactionResultResult.Builder().discriminant(code)
              .results(code == TransactionResultCode.txFAILED ? new OperationResult[0] : null).build())
          .ext(new TransactionResult.TransactionResultExt.Builder().discriminant(0).build())
          .build().toXdrBase64();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String failed(String transaction, String inner, String operations) {
    return "{\"type\":\"https://stellar.org/horizon-errors/transaction_failed\",\"title\":\"Transaction Failed\","
        + "\"status\":400,\"extras\":{\"envelope_xdr\":\"\",\"result_xdr\":\"\",\"result_codes\":{\"transaction\":\""
        + transaction + "\"" + (inner == null ? "" : ",\"inner_transaction\":\"" + inner + "\"")
        + (operations == null ? "" : ",\"operations\":" + operations) + "}}}";
  }

  @Test
  void postTransactionsSendsTheEnvelopeAsTheFormFieldTx() throws InterruptedException {
    SignedTransaction signed = signedPayment();
    endpoints.json("POST /transactions", 200, "{\"hash\":\"" + signed.hash() + "\",\"ledger\":77,\"successful\":true,"
        + "\"envelope_xdr\":\"\",\"result_xdr\":\"\"}");
    SubmitResult result = chain.submit(signed);
    assertEquals(SubmitResult.confirmed(signed.hash(), 77), result);
    RecordedRequest request = server.takeRequest();
    assertEquals("POST", request.getMethod());
    assertEquals("/transactions", request.getPath());
    assertTrue(request.getHeader("Content-Type").startsWith("application/x-www-form-urlencoded"));
    assertEquals("tx=" + URLEncoder.encode(signed.envelope(), StandardCharsets.UTF_8), endpoints.bodies.get(0));
    assertEquals(List.of("POST /transactions"), endpoints.calls);
  }

  @Test
  void aRefusalWithResultCodesIsRejectedWithThemAndNothingElseIsAsked() {
    SignedTransaction signed = signedPayment();
    endpoints.json("POST /transactions", 400, failed("tx_fee_bump_inner_failed", "tx_failed", "[\"op_underfunded\"]"));
    SubmitResult result = chain.submit(signed);
    assertEquals(SubmitOutcome.REJECTED, result.outcome());
    assertEquals("tx_fee_bump_inner_failed: tx_failed [op_underfunded]", result.error());
    assertEquals(List.of("POST /transactions"), endpoints.calls, "a definitive refusal needs no lookup");
  }

  @Test
  void aRefusalWithoutResultCodesIsRejectedByItsProblemType() {
    SignedTransaction signed = signedPayment();
    endpoints.json("POST /transactions", 400, "{\"type\":\"https://stellar.org/horizon-errors/transaction_malformed\","
        + "\"title\":\"Transaction Malformed\",\"status\":400}");
    SubmitResult result = chain.submit(signed);
    assertEquals(SubmitResult.rejected(signed.hash(), "transaction_malformed"), result);
  }

  static Stream<MockResponse> answersThatSayNothingAboutTheOutcome() {
    return Stream.of(
        new MockResponse().setResponseCode(504).setBody("{\"status\":504,\"title\":\"Timeout\"}"),
        new MockResponse().setResponseCode(503).setBody("{\"status\":503}"),
        new MockResponse().setResponseCode(429).setHeader("Retry-After", "5").setBody("{\"status\":429}"),
        new MockResponse().setResponseCode(500).setBody("<html>proxy error</html>"),
        new MockResponse().setResponseCode(200).setBody("{truncated"),
        new MockResponse().setResponseCode(400).setBody("<html>bad gateway config</html>"),
        new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST),
        new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
  }

  @ParameterizedTest
  @MethodSource("answersThatSayNothingAboutTheOutcome")
  void anAnswerThatSaysNothingAboutTheOutcomeIsPending(MockResponse answer) {
    SignedTransaction signed = signedPayment();
    endpoints.on("POST /transactions", answer);
    SubmitResult result = chain.submit(signed);
    assertEquals(SubmitResult.pending(signed.hash()), result);
  }

  @Test
  void aBadSequenceForAnAppliedEnvelopeAnswersItsRecordedOutcome() {
    SignedTransaction signed = signedPayment();
    endpoints.json("POST /transactions", 400, failed("tx_fee_bump_inner_failed", "tx_bad_seq", null))
        .root(StellarSettings.TESTNET_PASSPHRASE, "2026-03-01T12:00:05Z")
        .json("GET /transactions/" + signed.hash(), 200, "{\"id\":\"" + signed.hash() + "\",\"hash\":\""
            + signed.hash() + "\",\"ledger\":81,\"successful\":true,\"created_at\":\"2026-03-01T12:00:01Z\","
            + "\"source_account\":\"" + wallet.getAccountId() + "\",\"envelope_xdr\":\"\",\"result_xdr\":\"\","
            + "\"memo_type\":\"none\"}");
    assertEquals(SubmitResult.confirmed(signed.hash(), 81), chain.submit(signed));
  }

  @Test
  /**
   * Horizon may not yet have ingested the ledger in which this very envelope spent its sequence
   * number: with no record the outcome is unknown, settled by a lookup once its time bound has
   * passed, never a failure on the spot (a withdrawal would return a hold that was paid out).
   */
  void aBadSequenceForAnEnvelopeWithNoRecordYetIsPendingNotFailed() {
    SignedTransaction signed = signedPayment();
    endpoints.json("POST /transactions", 400, failed("tx_bad_seq", null, null))
        .root(StellarSettings.TESTNET_PASSPHRASE, "2026-03-01T12:00:05Z")
        .rpc("getTransaction", "{\"status\":\"NOT_FOUND\",\"latestLedger\":90,\"latestLedgerCloseTime\":\"1772366405\"}");
    assertEquals(SubmitResult.pending(signed.hash()), chain.submit(signed));
  }

  @Test
  void aSorobanCallGoesToRpcAndIsPolledUntilIncluded() {
    SignedTransaction signed = signedContractCall();
    endpoints.rpc("sendTransaction", "{\"status\":\"PENDING\",\"hash\":\"" + signed.hash() + "\",\"latestLedger\":5}")
        .rpc("getTransaction", "{\"status\":\"NOT_FOUND\",\"latestLedger\":5}")
        .rpc("getTransaction", "{\"status\":\"SUCCESS\",\"ledger\":6,\"latestLedger\":6}");
    // sent while ledger 5 was the latest, included in 6: one ledger of latency
    assertEquals(SubmitResult.confirmed(signed.hash(), 6).sentAt(5), chain.submit(signed));
    assertEquals(List.of("rpc sendTransaction", "rpc getTransaction", "rpc getTransaction"), endpoints.calls);
    assertTrue(endpoints.bodies.get(0).contains("\"transaction\":\"" + signed.envelope() + "\""),
        "the fee-bump envelope is sent as is");
  }

  @Test
  void aSorobanErrorIsRejectedWithItsResultCode() {
    SignedTransaction signed = signedContractCall();
    endpoints.rpc("sendTransaction", "{\"status\":\"ERROR\",\"hash\":\"" + signed.hash() + "\",\"errorResultXdr\":\""
        + resultXdr(TransactionResultCode.txBAD_AUTH) + "\"}");
    assertEquals(SubmitResult.rejected(signed.hash(), "tx_bad_auth"), chain.submit(signed));
  }

  @Test
  void aSorobanFailureFoundByPollingIsRejected() {
    SignedTransaction signed = signedContractCall();
    endpoints.rpc("sendTransaction", "{\"status\":\"DUPLICATE\",\"hash\":\"" + signed.hash() + "\"}")
        .rpc("getTransaction", "{\"status\":\"FAILED\",\"ledger\":6,\"resultXdr\":\""
            + resultXdr(TransactionResultCode.txFAILED) + "\"}");
    assertEquals(SubmitResult.rejected(signed.hash(), "tx_failed"), chain.submit(signed));
  }

  @Test
  void aSorobanAnswerThatSaysNothingIsPending() {
    SignedTransaction signed = signedContractCall();
    endpoints.rpc("sendTransaction", "{\"status\":\"TRY_AGAIN_LATER\"}");
    assertEquals(SubmitOutcome.PENDING, chain.submit(signed).outcome());
    endpoints.on("rpc sendTransaction", new MockResponse().setResponseCode(503));
    assertEquals(SubmitOutcome.PENDING, chain.submit(signed).outcome());
    FakeEndpoints stillPending = new FakeEndpoints();
    server.setDispatcher(stillPending.rpc("sendTransaction", "{\"status\":\"PENDING\"}")
        .rpc("getTransaction", "{\"status\":\"NOT_FOUND\"}"));
    assertEquals(SubmitOutcome.PENDING, chain.submit(signed).outcome(), "not included within the poll budget");
  }

  @Test
  void lookupReportsNotFoundWithTheLatestLedgerCloseTimeReadFirst() {
    String hash = "ab".repeat(32);
    endpoints.root(StellarSettings.TESTNET_PASSPHRASE, "2026-03-01T12:10:00Z")
        .rpc("getTransaction", "{\"status\":\"NOT_FOUND\"}");
    TransactionLookup lookup = chain.lookup(hash);
    assertEquals(new TransactionLookup(hash, TransactionStatus.NOT_FOUND, 0, null,
        Instant.parse("2026-03-01T12:10:00Z")), lookup);
    assertEquals(List.of("GET /", "GET /transactions/" + hash, "rpc getTransaction"), endpoints.calls);
  }

  @Test
  void lookupReportsAFailedTransactionWithItsCodes() {
    String hash = "cd".repeat(32);
    endpoints.root(StellarSettings.TESTNET_PASSPHRASE, "2026-03-01T12:10:00Z")
        .json("GET /transactions/" + hash, 200, "{\"id\":\"" + hash + "\",\"hash\":\"" + hash + "\",\"ledger\":12,"
            + "\"successful\":false,\"created_at\":\"2026-03-01T12:00:01Z\",\"envelope_xdr\":\"\",\"result_xdr\":\""
            + resultXdr(TransactionResultCode.txTOO_LATE) + "\",\"memo_type\":\"none\"}");
    TransactionLookup lookup = chain.lookup(hash);
    assertEquals(TransactionStatus.FAILED, lookup.status());
    assertEquals("tx_too_late", lookup.error());
    assertEquals(12, lookup.ledger());
  }

  @Test
  void helloRefusesAnotherNetwork() {
    endpoints.root(StellarSettings.MAINNET_PASSPHRASE, "2026-03-01T12:00:00Z");
    ChainException e = assertThrows(ChainException.class, () -> chain.hello());
    assertTrue(e.getMessage().contains("serves the network \"" + StellarSettings.MAINNET_PASSPHRASE
        + "\", but the settings name \"" + StellarSettings.TESTNET_PASSPHRASE + "\""), e.getMessage());
    endpoints.root(StellarSettings.TESTNET_PASSPHRASE, "2026-03-01T12:00:00Z");
    server.setDispatcher(new FakeEndpoints().root(StellarSettings.TESTNET_PASSPHRASE, "2026-03-01T12:00:00Z")
        .rpc("getNetwork", "{\"passphrase\":\"" + StellarSettings.MAINNET_PASSPHRASE + "\"}"));
    ChainException rpc = assertThrows(ChainException.class, () -> chain.hello());
    assertTrue(rpc.getMessage().startsWith("Soroban RPC at "), rpc.getMessage());
  }

  @Test
  void theScanKeepsOnlyUsdcOfTheIssuerArrivingInAccountsAndMovesPastEverythingElse() {
    String me = KeyPair.random().getAccountId();
    String other = KeyPair.random().getAccountId();
    String contract = StrKey.encodeContract(new byte[32]);
    String fakeIssuer = KeyPair.random().getAccountId();
    String page = "{\"_links\":{},\"_embedded\":{\"records\":["
        + payment(4097, "h1", true, "credit_alphanum4", "USDC", Fixtures.ISSUER, other, me, "2.5000000") + ","
        + payment(4098, "h1", true, "credit_alphanum4", "USDC", fakeIssuer, other, me, "9.0000000") + ","
        + payment(8193, "h2", true, "native", null, null, other, me, "100.0000000") + ","
        + payment(12289, "h3", false, "credit_alphanum4", "USDC", Fixtures.ISSUER, other, me, "7.0000000") + ","
        + "{\"id\":\"16385\",\"paging_token\":\"16385\",\"type\":\"create_account\",\"type_i\":0,"
        + "\"transaction_hash\":\"h4\",\"transaction_successful\":true,\"created_at\":\"2026-03-01T12:00:00Z\","
        + "\"source_account\":\"" + other + "\",\"funder\":\"" + other + "\",\"account\":\"" + me + "\","
        + "\"starting_balance\":\"0.0000000\"},"
        + "{\"id\":\"20482\",\"paging_token\":\"20482\",\"type\":\"path_payment_strict_send\",\"type_i\":13,"
        + "\"transaction_hash\":\"h5\",\"transaction_successful\":true,\"created_at\":\"2026-03-01T12:00:01Z\","
        + "\"source_account\":\"" + other + "\",\"from\":\"" + other + "\",\"to\":\"" + me + "\","
        + "\"asset_type\":\"credit_alphanum4\",\"asset_code\":\"USDC\",\"asset_issuer\":\"" + Fixtures.ISSUER + "\","
        + "\"amount\":\"1.2500000\",\"source_asset_type\":\"native\",\"source_amount\":\"10.0000000\",\"path\":[]},"
        + "{\"id\":\"24577\",\"paging_token\":\"24577\",\"type\":\"invoke_host_function\",\"type_i\":24,"
        + "\"transaction_hash\":\"h6\",\"transaction_successful\":true,\"created_at\":\"2026-03-01T12:00:02Z\","
        + "\"source_account\":\"" + other + "\",\"function\":\"HostFunctionTypeHostFunctionTypeInvokeContract\","
        + "\"asset_balance_changes\":["
        + change(contract, contract + "X", "4.0000000") + ","
        + change(contract, me, "95.0000000") + ","
        + change(contract, other, "5.0000000") + "]}"
        + "]}}";
    endpoints.json("GET /payments", 200, page);
    PaymentPage scanned = chain.scanPayments("4096", 50);
    assertEquals("24577", scanned.nextCursor());
    assertEquals(List.of(
        new IncomingPayment("h1", 0, other, me, Money.parsePositive("2.5"), Instant.parse("2026-03-01T12:00:00Z"), "4097"),
        new IncomingPayment("h5", 1, other, me, Money.parsePositive("1.25"), Instant.parse("2026-03-01T12:00:01Z"),
            "20482"),
        new IncomingPayment("h6", 1, contract, me, Money.of(95), Instant.parse("2026-03-01T12:00:02Z"), "24577"),
        new IncomingPayment("h6", 2, contract, other, Money.of(5), Instant.parse("2026-03-01T12:00:02Z"), "24577")),
        scanned.payments());
    assertTrue(endpoints.calls.size() == 1, "a short page is the head: no second request");
  }

  @Test
  void aScanOfOnlyUnrelatedTrafficStillMovesTheCursorForward() {
    String someone = KeyPair.random().getAccountId();
    StringBuilder records = new StringBuilder();
    for (int i = 1; i <= 3; i++) {
      records.append(i > 1 ? "," : "").append(payment(4096L * i + 1, "x" + i, true, "native", null, null, someone,
          someone, "1.0000000"));
    }
    endpoints.json("GET /payments", 200, "{\"_embedded\":{\"records\":[" + records + "]}}");
    PaymentPage scanned = chain.scanPayments("10", 3);
    assertTrue(scanned.payments().isEmpty());
    assertEquals("12289", scanned.nextCursor());
    endpoints.json("GET /payments", 200, "{\"_embedded\":{\"records\":[]}}");
    assertEquals(new PaymentPage(List.of(), "12289"), chain.scanPayments("12289", 3), "nothing new: cursor unchanged");
  }

  @Test
  void recordsServedAgainAreSkippedAndTheCursorOnlyMovesForward() {
    String me = KeyPair.random().getAccountId();
    String other = KeyPair.random().getAccountId();
    String first = payment(4097, "h1", true, "credit_alphanum4", "USDC", Fixtures.ISSUER, other, me, "1.0000000");
    String second = payment(8193, "h2", true, "credit_alphanum4", "USDC", Fixtures.ISSUER, other, me, "2.0000000");
    endpoints.json("GET /payments", 200, "{\"_embedded\":{\"records\":[" + first + "," + first + "," + second + ","
        + first + "]}}");
    PaymentPage scanned = chain.scanPayments("10", 50);
    assertEquals(List.of("h1", "h2"), scanned.payments().stream().map(IncomingPayment::transactionHash).toList(),
        "each record once, in order");
    assertEquals("8193", scanned.nextCursor());
    PaymentPage again = chain.scanPayments("8193", 50);
    assertEquals(new PaymentPage(List.of(), "8193"), again, "a page of records up to the cursor moves it nowhere");
  }

  @Test
  void aPageThatBreaksOffAfterOthersWereReadEndsTheScanWithWhatTheyGave() {
    String me = KeyPair.random().getAccountId();
    String other = KeyPair.random().getAccountId();
    String page = "{\"_embedded\":{\"records\":["
        + payment(4097, "x1", true, "native", null, null, other, other, "1.0000000") + ","
        + payment(8193, "x2", true, "credit_alphanum4", "USDC", Fixtures.ISSUER, other, me, "4.0000000") + ","
        + payment(12289, "x3", true, "native", null, null, other, other, "1.0000000") + "]}}";
    endpoints.json("GET /payments", 200, page);
    endpoints.on("GET /payments", new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
        .setBody(page).setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY));
    PaymentPage scanned = chain.scanPayments("10", 3);
    assertEquals(List.of("x2"), scanned.payments().stream().map(IncomingPayment::transactionHash).toList());
    assertEquals("12289", scanned.nextCursor(), "the cursor stops after the last record read whole");
    assertTrue(scanned.more(), "the caller may read on at once");
    assertEquals(List.of("GET /payments", "GET /payments"), endpoints.calls);
    assertThrows(ChainException.class, () -> chain.scanPayments("12289", 3), "a first page that breaks off is thrown");
  }

  @Test
  void recentPaymentsAreTheAccountsUsdcMovementsNoneForAnUnknownAccountAndA429IsNamed() {
    String me = KeyPair.random().getAccountId();
    String other = KeyPair.random().getAccountId();
    endpoints.json("GET /accounts/" + me + "/payments", 200, "{\"_embedded\":{\"records\":["
        + payment(8193, "in", true, "credit_alphanum4", "USDC", Fixtures.ISSUER, other, me, "2.0000000") + ","
        + payment(4098, "gas", true, "native", null, null, other, me, "5.0000000") + ","
        + payment(4097, "out", true, "credit_alphanum4", "USDC", Fixtures.ISSUER, me, other, "1.0000000") + "]}}");
    List<IncomingPayment> recent = chain.recentPayments(me, 10);
    assertEquals(List.of("in", "out"), recent.stream().map(IncomingPayment::transactionHash).toList());
    assertEquals(Money.of(2), recent.get(0).amount());
    String unknown = KeyPair.random().getAccountId();
    endpoints.json("GET /accounts/" + unknown + "/payments", 404, FakeEndpoints.notFound());
    assertEquals(List.of(), chain.recentPayments(unknown, 10));
    endpoints.json("GET /payments", 429, "{\"status\":429,\"title\":\"Rate Limit Exceeded\"}");
    ChainException limited = assertThrows(ChainException.class, () -> chain.scanPayments("1", 10));
    assertTrue(limited.getMessage().contains("(429)"), limited.getMessage());
  }

  private static String payment(long id, String hash, boolean successful, String type, String code, String issuer,
      String from, String to, String amount) {
    return "{\"id\":\"" + id + "\",\"paging_token\":\"" + id + "\",\"type\":\"payment\",\"type_i\":1,"
        + "\"transaction_hash\":\"" + hash + "\",\"transaction_successful\":" + successful + ","
        + "\"created_at\":\"2026-03-01T12:00:00Z\",\"source_account\":\"" + from + "\",\"from\":\"" + from + "\","
        + "\"to\":\"" + to + "\",\"asset_type\":\"" + type + "\""
        + (code == null ? "" : ",\"asset_code\":\"" + code + "\",\"asset_issuer\":\"" + issuer + "\"")
        + ",\"amount\":\"" + amount + "\"}";
  }

  private static String change(String from, String to, String amount) {
    return "{\"asset_type\":\"credit_alphanum4\",\"asset_code\":\"USDC\",\"asset_issuer\":\"" + Fixtures.ISSUER
        + "\",\"type\":\"transfer\",\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"amount\":\"" + amount + "\"}";
  }
}
