package com.offerhub.orchestrator.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.simulator.AirtmWebhooks;
import com.offerhub.orchestrator.simulator.StellarSimulator;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 10: {@code PAYMENT_PROVIDER=airtm} in testnet mode, everything over HTTP against the
 * standalone simulator (Stellar, Trustless Work and AirTM in one process): the real AirTM adapter,
 * Svix-signed webhooks sent by the simulator to the server, and the treasury wallet on chain. A
 * buyer tops up at AirTM, the treasury's USDC funds the escrow, the release pays it back, the seller
 * is paid out at AirTM; exactly one pay-in and one payout exist, the float is back to zero and the
 * treasury wallet holds on chain what the books say.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AirtmTestnetTest {
  private StellarSimulator simulator;
  private ServerHarness harness;
  private Http api;

  @BeforeAll
  void start() {
    simulator = StellarSimulator.builder().port(0).ledgerInterval(Duration.ofMillis(200)).start();
    String webhookSecret = AirtmWebhooks.newSecret();
    Map<String, String> env = ServerHarness.withAirtm(ServerHarness.testnetEnv(simulator.baseUrl()),
        simulator.airtmApiUrl(), webhookSecret);
    harness = ServerHarness.start(ServerHarness.Db.POSTGRES, env);
    simulator.airtmWebhooks().register("http://127.0.0.1:" + harness.port() + "/api/v1/webhooks/airtm",
        webhookSecret);
    api = harness.client("read", "write", "support");
  }

  @AfterAll
  void stop() {
    if (harness != null) {
      harness.close();
    }
    if (simulator != null) {
      simulator.close();
    }
  }

  @Test
  void topUpOrderEscrowReleaseAndPayoutOverHttpLeaveTheFloatAtZero() throws Exception {
    simulator.airtm().putUser("buyer@example.com", "active", true, "ARG");
    simulator.airtm().putUser("seller@example.com", "active", true, "ARG");
    String buyer = ServerHarness.user(api, "airtm-buyer");
    String seller = ServerHarness.user(api, "airtm-seller");
    assertEquals("USER_NOT_FOUND", api.post("/users/" + buyer + "/airtm/link", Map.of("email",
        "stranger@example.com")).code(), "AirTM has no such account");
    assertEquals(200, api.post("/users/" + buyer + "/airtm/link", Map.of("email", "buyer@example.com")).status());
    assertEquals(200, api.post("/users/" + seller + "/airtm/link", Map.of("email", "seller@example.com")).status());

    String treasury = api.get("/treasury").data().get("address").asText();
    TestnetModeTest.waitFor(() -> walletsActive(buyer, seller), "wallets activated on chain");
    pay(treasury, "500.00");
    TestnetModeTest.waitFor(() -> "500.00".equals(api.get("/treasury").data().get("available").asText()),
        "the treasury's USDC credited like a deposit");

    Http.Response topUp = api.post("/topups", Map.of("userId", buyer, "amount", "100.00"));
    assertEquals(201, topUp.status(), topUp::toString);
    String topUpId = topUp.json().get("id").asText();
    String payinId = topUp.json().get("airtmPayinId").asText();
    assertTrue(topUp.json().get("confirmationUri").asText().endsWith("/payin/" + payinId),
        "the payer is sent to AirTM's checkout: " + topUp);
    simulator.airtm().confirmPayin(payinId, "buyer@example.com");
    TestnetModeTest.waitFor(() -> "100.00".equals(available(buyer)), "the webhook made the server credit the top-up");
    assertEquals("TOPUP_SUCCEEDED", api.get("/topups/" + topUpId).json().get("status").asText());

    String order = ServerHarness.fundedOrder(api, buyer, seller, "60.00", "airtm order");
    assertEquals("60.00", api.get("/treasury").data().get("float").asText(), "advanced by the treasury");
    Http.Response released = api.post("/orders/" + order + "/resolution/release");
    assertTrue(released.status() / 100 == 2, released::toString);
    TestnetModeTest.waitFor(() -> "CLOSED".equals(api.get("/orders/" + order).data().get("status").asText()),
        "order closed");
    // Trustless Work keeps 0.3 % on the simulator: the seller is credited 59.82, the fee stays in the float.
    assertEquals("59.82", available(seller));
    assertEquals("0.18", api.get("/treasury").data().get("float").asText());

    Http.Response payout = api.post("/withdrawals", Map.of("userId", seller, "amount", "59.82", "destinationType",
        "airtm_balance", "destinationRef", "seller@example.com", "commit", true));
    assertEquals(201, payout.status(), payout::toString);
    String withdrawal = payout.json().get("id").asText();
    TestnetModeTest.waitFor(() -> "WITHDRAWAL_COMPLETED".equals(api.get("/withdrawals/" + withdrawal).json()
        .get("status").asText()), "AirTM completed the payout and its webhook made the server settle it");
    assertEquals("0.00", available(seller));
    assertEquals(1, simulator.airtm().payinsWithCode(topUpId));
    assertEquals(1, simulator.airtm().payoutsWithCode(withdrawal));

    assertTrue(harness.server().engine().ledger().verify().isClean(),
        harness.server().engine().ledger().verify().problems().toString());
    BigDecimal onChain = simulator.network().usdcBalance(treasury).toBigDecimal();
    assertEquals(0, onChain.compareTo(new BigDecimal(api.get("/treasury").data().get("available").asText())),
        "the treasury wallet holds on chain what the books say: " + onChain);
    assertEquals(0, new BigDecimal("499.82").compareTo(onChain), "500 less the service fee it advanced");
  }

  /**
   * The webhooks as AirTM's Svix sends them when things go wrong: a delivery signed with the wrong
   * key (refused, then retried), a duplicate, two messages in reverse order; and AirTM's own
   * failures: a pay-in the payer cancels, a payout AirTM fails. One credit per confirmed pay-in,
   * holds returned, books verify.
   */
  @Test
  void redeliveredReorderedAndBadlySignedWebhooksAndAirtmFailuresMoveMoneyOnce() throws Exception {
    simulator.airtm().putUser("payer@example.com", "active", true, "ARG");
    String payer = ServerHarness.user(api, "airtm-payer");
    assertEquals(200, api.post("/users/" + payer + "/airtm/link", Map.of("email", "payer@example.com")).status());
    long credits = events("topup.succeeded");

    String first = api.post("/topups", Map.of("userId", payer, "amount", "40.00")).json().get("id").asText();
    simulator.airtmWebhooks().badSignatureNext(1);
    simulator.airtmWebhooks().duplicateNext(1);
    simulator.airtm().confirmPayin(payinOf(first), "payer@example.com");
    TestnetModeTest.waitFor(() -> "40.00".equals(available(payer)), "credited after the retried delivery");

    simulator.airtmWebhooks().reorderNext(2);
    String second = api.post("/topups", Map.of("userId", payer, "amount", "10.00")).json().get("id").asText();
    simulator.airtm().confirmPayin(payinOf(second), "payer@example.com");
    TestnetModeTest.waitFor(() -> "50.00".equals(available(payer)), "credited by the confirmation, delivered first");

    String canceled = api.post("/topups", Map.of("userId", payer, "amount", "5.00")).json().get("id").asText();
    simulator.airtm().cancelPayin(payinOf(canceled));
    TestnetModeTest.waitFor(() -> "TOPUP_CANCELED".equals(api.get("/topups/" + canceled).json().get("status")
        .asText()), "the payer canceled at AirTM");

    Http.Response held = api.post("/withdrawals", Map.of("userId", payer, "amount", "30.00", "destinationType",
        "airtm_balance", "destinationRef", "payer@example.com"));
    String withdrawal = held.json().get("id").asText();
    assertEquals("20.00", available(payer));
    simulator.airtm().failPayout(held.json().get("airtmPayoutId").asText(), "415060",
        "Recipient cannot receive payouts");
    TestnetModeTest.waitFor(() -> "WITHDRAWAL_FAILED".equals(api.get("/withdrawals/" + withdrawal).json()
        .get("status").asText()), "AirTM failed the payout");
    assertEquals("50.00", available(payer), "the hold is returned once");
    assertEquals("415060: Recipient cannot receive payouts", api.get("/withdrawals/" + withdrawal).json()
        .get("failureReason").asText(), "AirTM's reason code and text");

    Thread.sleep(500); // let any late duplicate arrive
    assertEquals("50.00", available(payer));
    assertEquals(credits + 2, events("topup.succeeded"), "each confirmed pay-in credited once");
    assertTrue(harness.server().engine().ledger().verify().isClean(),
        harness.server().engine().ledger().verify().problems().toString());
  }

  private long events(String type) {
    return harness.server().engine().events().readAfter(0, 1000).stream().filter(e -> e.eventType().equals(type))
        .count();
  }

  private String payinOf(String topUpId) {
    return api.get("/topups/" + topUpId).json().get("airtmPayinId").asText();
  }

  private boolean walletsActive(String... users) {
    for (String user : users) {
      if (!"ACTIVE".equals(api.get("/users/" + user + "/wallet").data().get("status").asText())) {
        return false;
      }
    }
    return true;
  }

  private String available(String userId) {
    return api.get("/users/" + userId + "/balance").json().get("available").asText();
  }

  private void pay(String to, String amount) throws Exception {
    HttpResponse<String> paid = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(simulator.baseUrl() + "/admin/payments")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"to\":\"" + to + "\",\"amount\":\"" + amount + "\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertTrue(paid.statusCode() / 100 == 2, paid::body);
  }
}
