package com.offerhub.orchestrator.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.testkit.network.OpRecord;
import com.offerhub.orchestrator.testkit.network.SimulatedNetwork;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stellar.sdk.KeyPair;
import org.stellar.sdk.NetworkMismatchException;
import org.stellar.sdk.Transaction;
import org.stellar.sdk.requests.ErrorResponse;
import org.stellar.sdk.responses.SubmitTransactionResponse;
import org.stellar.sdk.responses.SubmitTransactionTimeoutResponseException;
import org.stellar.sdk.responses.SubmitTransactionUnknownResponseException;
import org.stellar.sdk.responses.sorobanrpc.GetTransactionResponse;

/** The /admin fault knobs of spec/04 §11 and spec/05 §12, and the load knob. */
class FaultsAndLoadTest {
  private static final String KEY = "simulator-key";

  private static void knob(Sim sim, String path, String body) throws IOException {
    HttpResponse<String> response = sim.post("/admin/" + path, body, null);
    assertEquals(200, response.statusCode(), response.body());
  }

  private static Transaction payment(Sim sim, KeyPair from, KeyPair to, String amount) throws Exception {
    Transaction tx = sim.build(from, sim.pay(to, amount));
    tx.sign(from);
    return tx;
  }

  @Test
  void aSubmitAnswered504AfterApplyingIsFoundByLookupAndResubmittingIsHarmless() throws Exception {
    try (Sim sim = Sim.instant()) {
      KeyPair a = sim.withTrustline();
      KeyPair b = sim.withTrustline();
      sim.deposit(a, "10");
      Transaction tx = payment(sim, a, b, "3");
      knob(sim, "faults/submit", "{\"mode\":\"TIMEOUT_AFTER_APPLY\",\"count\":1}");
      assertThrows(SubmitTransactionTimeoutResponseException.class, () -> sim.horizon.submitTransaction(tx, true));
      assertTrue(sim.horizon.transactions().transaction(tx.hashHex()).getSuccessful(), "applied despite the 504");
      SubmitTransactionResponse again = sim.horizon.submitTransaction(tx, true);
      assertTrue(again.isSuccess(), "the same envelope answers its recorded outcome");
      assertEquals("3.0000000", sim.usdcBalance(b), "applied once");
    }
  }

  @Test
  void timeouts503And429AndResetsApplyNothing() throws Exception {
    try (Sim sim = Sim.instant()) {
      KeyPair a = sim.withTrustline();
      KeyPair b = sim.withTrustline();
      sim.deposit(a, "10");
      Transaction tx = payment(sim, a, b, "2");
      knob(sim, "faults/submit", "{\"mode\":\"TIMEOUT\",\"count\":1}");
      assertThrows(SubmitTransactionTimeoutResponseException.class, () -> sim.horizon.submitTransaction(tx, true));
      knob(sim, "faults/submit", "{\"mode\":\"UNAVAILABLE\",\"count\":1}");
      assertEquals(503, assertThrows(SubmitTransactionUnknownResponseException.class,
          () -> sim.horizon.submitTransaction(tx, true)).getCode());
      knob(sim, "faults/submit", "{\"mode\":\"RATE_LIMITED\",\"count\":1,\"retryAfterSeconds\":7}");
      HttpResponse<String> limited = sim.post("/transactions", "", null);
      assertEquals(429, limited.statusCode());
      assertEquals("7", limited.headers().firstValue("retry-after").orElseThrow());
      knob(sim, "faults/submit", "{\"mode\":\"RESET\",\"count\":1}");
      assertThrows(IOException.class, () -> sim.horizon.submitTransaction(tx, true));
      ErrorResponse missing = assertThrows(ErrorResponse.class, () -> sim.horizon.transactions().transaction(tx.hashHex()));
      assertEquals(404, missing.getCode(), "none of them applied it");
      assertTrue(sim.horizon.submitTransaction(tx, true).isSuccess());
      assertEquals("2.0000000", sim.usdcBalance(b));
    }
  }

  @Test
  void rpcSendAnswered504AfterApplyingIsFoundByGetTransaction() throws Exception {
    try (Sim sim = Sim.instant()) {
      KeyPair a = sim.withTrustline();
      KeyPair b = sim.withTrustline();
      sim.deposit(a, "10");
      Transaction tx = payment(sim, a, b, "1");
      knob(sim, "faults/submit", "{\"mode\":\"TIMEOUT_AFTER_APPLY\",\"count\":1}");
      HttpResponse<String> response = sim.post("/rpc", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"sendTransaction\","
          + "\"params\":{\"transaction\":\"" + tx.toEnvelopeXdrBase64() + "\"}}", null);
      assertEquals(504, response.statusCode());
      assertEquals(GetTransactionResponse.GetTransactionStatus.SUCCESS, sim.rpc.getTransaction(tx.hashHex())
          .getStatus());
    }
  }

  @Test
  void aReportedPassphraseOfAnotherNetworkStopsTheSdkBeforeSending() throws Exception {
    try (Sim sim = Sim.instant()) {
      KeyPair a = sim.withTrustline();
      KeyPair b = sim.withTrustline();
      knob(sim, "faults/passphrase", "{\"passphrase\":\"Public Global Stellar Network ; September 2015\"}");
      Transaction tx = payment(sim, a, b, "1");
      org.stellar.sdk.Server fresh = new org.stellar.sdk.Server(sim.url());
      assertThrows(NetworkMismatchException.class, () -> fresh.submitTransaction(tx, true),
          "a client that has not cached the network checks GET / first");
      knob(sim, "faults/reset", "{}");
      assertEquals(Sim.NETWORK.getNetworkPassphrase(), sim.horizon.root().getNetworkPassphrase());
    }
  }

  @Test
  void everyHorizonAnswerWaitsTheConfiguredDelay() throws Exception {
    try (Sim sim = Sim.instant()) {
      knob(sim, "faults/delay", "{\"ms\":300}");
      long start = System.nanoTime();
      sim.horizon.root();
      assertTrue(System.nanoTime() - start >= 300_000_000L);
      knob(sim, "faults/delay", "{\"ms\":0}");
    }
  }

  /** Reads one SSE connection: the ids of its events, until it ends or {@code max} events. */
  private static List<String> events(Sim sim, String path, String lastEventId, int max) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) URI.create(sim.url() + path).toURL().openConnection();
    connection.setRequestProperty("Accept", "text/event-stream");
    if (lastEventId != null) {
      connection.setRequestProperty("Last-Event-ID", lastEventId);
    }
    connection.setReadTimeout(8000);
    long deadline = System.nanoTime() + 8_000_000_000L;
    List<String> ids = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(connection.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line;
      while (ids.size() < max && System.nanoTime() < deadline && (line = reader.readLine()) != null) {
        if (line.startsWith("id: ")) {
          ids.add(line.substring(4));
        }
      }
    } catch (java.net.SocketTimeoutException e) {
      // no more events
    } finally {
      connection.disconnect();
    }
    return ids;
  }

  @Test
  void streamsCanBeDroppedAfterKEventsAndResumeFromLastEventIdAndCanRepeatEvents() throws Exception {
    try (Sim sim = Sim.instant()) {
      KeyPair a = sim.withTrustline();
      for (int i = 0; i < 4; i++) {
        sim.deposit(a, "1");
      }
      String path = "/accounts/" + a.getAccountId() + "/payments?cursor=0";
      List<String> all = events(sim, path, null, 5);
      assertEquals(5, all.size(), "friendbot's create_account and four deposits: " + all);
      knob(sim, "faults/sse", "{\"dropAfterEvents\":2}");
      List<String> dropped = events(sim, path, null, 100);
      assertEquals(all.subList(0, 2), dropped, "the server ends the stream after two events");
      List<String> resumed = events(sim, path, dropped.get(1), 3);
      assertEquals(all.subList(2, 5), resumed, "Last-Event-ID resumes right after the last event");
      knob(sim, "faults/sse", "{\"duplicateEvents\":1}");
      List<String> repeated = events(sim, path, null, 3);
      assertEquals(List.of(all.get(0), all.get(0), all.get(1)), repeated);
    }
  }

  /**
   * The same knobs hit the payments pages a polling client reads: a page cut after K records (its
   * headers promise the whole page), records sent twice in a row, and a page that starts again
   * with records at and before its cursor.
   */
  @Test
  void paymentPagesCanBeCutMidBodyRepeatRecordsAndStartBeforeTheirCursor() throws Exception {
    try (Sim sim = Sim.instant()) {
      KeyPair a = sim.withTrustline();
      for (int i = 0; i < 4; i++) {
        sim.deposit(a, "1");
      }
      String path = "/accounts/" + a.getAccountId() + "/payments?cursor=0&limit=5";
      List<String> all = ids(Sim.json(sim.get(path, null)));
      assertEquals(5, all.size(), "friendbot's create_account and four deposits: " + all);
      knob(sim, "faults/payments", "{\"dropAfterEvents\":2}");
      HttpResponse<String> cut;
      try {
        cut = sim.get(path, null);
        int length = cut.body().length();
        throw new AssertionError("a whole answer of " + length + " characters came through: " + cut.body());
      } catch (IOException e) {
        // the body broke off part-way: the client cannot read the page
      }
      knob(sim, "faults/payments", "{\"dropAfterEvents\":4}");
      assertThrows(Exception.class, () -> sim.horizon.payments().forAccount(a.getAccountId()).cursor("0")
          .limit(5).execute(), "the SDK fails reading a cut page too");
      assertEquals(all, ids(Sim.json(sim.get(path, null))), "each knob fires once");

      knob(sim, "faults/payments", "{\"duplicateEvents\":2}");
      assertEquals(List.of(all.get(0), all.get(0), all.get(1), all.get(1), all.get(2), all.get(3), all.get(4)),
          ids(Sim.json(sim.get(path, null))), "the first two records twice in a row");

      knob(sim, "faults/payments", "{\"rewindRecords\":2}");
      String after = "/accounts/" + a.getAccountId() + "/payments?cursor=" + all.get(2) + "&limit=4";
      assertEquals(List.of(all.get(1), all.get(2), all.get(3), all.get(4)), ids(Sim.json(sim.get(after, null))),
          "the page starts with the two records at and before its cursor, and keeps its size");
      assertEquals(all.subList(3, 5), ids(Sim.json(sim.get(after, null))));
    }
  }

  private static List<String> ids(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.get("_embedded").get("records").forEach(record -> ids.add(record.get("paging_token").asText()));
    return ids;
  }

  @Test
  void trustlessWorkKnobsLimitFailAndAnswerAmbiguously() throws Exception {
    try (Sim sim = Sim.instant()) {
      KeyPair platform = sim.withTrustline();
      KeyPair buyer = sim.withTrustline();
      KeyPair seller = sim.withTrustline();
      sim.deposit(buyer, "100");
      knob(sim, "faults/tw", "{\"endpoint\":\"/deployer/single-release\",\"status\":429,\"count\":1}");
      String body = "{\"signer\":\"" + platform.getAccountId() + "\",\"engagementId\":\"ord_k\",\"title\":\"t\","
          + "\"description\":\"d\",\"roles\":{\"approver\":\"" + buyer.getAccountId() + "\",\"serviceProvider\":\""
          + seller.getAccountId() + "\",\"platformAddress\":\"" + platform.getAccountId() + "\",\"releaseSigner\":\""
          + buyer.getAccountId() + "\",\"disputeResolver\":\"" + platform.getAccountId() + "\",\"receiver\":\""
          + seller.getAccountId() + "\"},\"amount\":10.5,\"platformFee\":0,\"milestones\":[{\"description\":\"m\"}],"
          + "\"trustline\":{\"address\":\"" + StellarSimulator.TESTNET_USDC_ISSUER + "\",\"symbol\":\"USDC\"}}";
      HttpResponse<String> limited = sim.post("/tw/deployer/single-release", body, KEY);
      assertEquals(429, limited.statusCode());
      Transaction deploy = TrustlessFrontTest.unsigned(sim.post("/tw/deployer/single-release", body, KEY));
      deploy.sign(platform);
      knob(sim, "faults/tw/send-transaction", "{\"mode\":\"FAILED_WITHOUT_APPLY\",\"count\":1}");
      HttpResponse<String> failed = sim.post("/tw/helper/send-transaction", "{\"signedXdr\":\""
          + deploy.toEnvelopeXdrBase64() + "\"}", KEY);
      assertEquals("FAILED", Sim.json(failed).get("status").asText());
      assertTrue(sim.simulator.network().escrows().isEmpty(), "FAILED without applying");
      knob(sim, "faults/tw/send-transaction", "{\"mode\":\"APPLY_THEN_500\",\"count\":1}");
      HttpResponse<String> ambiguous = sim.post("/tw/helper/send-transaction", "{\"signedXdr\":\""
          + deploy.toEnvelopeXdrBase64() + "\"}", KEY);
      assertEquals(500, ambiguous.statusCode());
      assertTrue(Sim.json(ambiguous).get("message").asText().contains("resultMetaXdr"));
      assertEquals(1, sim.simulator.network().escrows().size(), "applied before the 500");
      assertEquals(Money.parsePositive("10.5"), Money.ofStroops(sim.simulator.network().escrows().get(0).amount()));
      knob(sim, "faults/tw", "{\"endpoint\":\"*\",\"status\":503,\"count\":1}");
      assertEquals(503, sim.get("/tw/helper/get-escrows-by-signer?signer=" + platform.getAccountId(), KEY)
          .statusCode());
      JsonNode listed = Sim.json(sim.get("/tw/helper/get-escrows-by-signer?signer=" + platform.getAccountId(), KEY));
      assertEquals(1, listed.size());
    }
  }

  /**
   * The load knob adds unrelated USDC payments between outside accounts to every ledger; they are
   * listed and streamed like any payment, and only a retention window of them is kept.
   */
  @Test
  void theLoadKnobAddsUnrelatedPaymentsToEveryLedgerWithinARetentionWindow() throws Exception {
    try (Sim sim = Sim.instant()) {
      KeyPair a = sim.withTrustline();
      SimulatedNetwork network = sim.simulator.network();
      network.setLoadRetention(3);
      knob(sim, "load", "{\"paymentsPerLedger\":1000}");
      long before = network.ledger();
      for (int i = 0; i < 5; i++) {
        knob(sim, "ledger/close", "{}");
      }
      String hash = sim.deposit(a, "1");
      knob(sim, "load", "{\"paymentsPerLedger\":0}");
      List<OpRecord> all = network.operations(null, (before + 1) << 32, true, 100_000);
      long loadOps = all.stream().filter(OpRecord::load).count();
      assertTrue(loadOps >= 3000 && loadOps <= 4000, "about three ledgers of load retained: " + loadOps);
      assertTrue(all.stream().anyMatch(r -> r.txHash().equals(hash)), "real payments stay among the load");
      long lastLoadLedger = all.stream().filter(OpRecord::load).mapToLong(OpRecord::ledger).max().orElseThrow();
      assertEquals(1000, all.stream().filter(r -> r.load() && r.ledger() == lastLoadLedger).count());
      JsonNode page = Sim.json(sim.get("/payments?order=desc&limit=200", null));
      assertEquals(200, page.get("_embedded").get("records").size());
      assertFalse(sim.horizon.payments().forAccount(a.getAccountId()).execute().getRecords().isEmpty());
      assertEquals("1.0000000", sim.usdcBalance(a));
    }
  }
}
